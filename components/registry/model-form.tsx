"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { ApiProblem } from "@/lib/queries/config-fetch";
import { createModel, modelKeys, updateModel, type ModelRecord } from "@/lib/queries/models";
import { providerListQuery } from "@/lib/queries/providers";
import { CreateModelSchema } from "@/lib/schemas/console/models";
import { CapabilitySchema, ModelTierSchema } from "@/lib/schemas/policy";

type FormState = {
  slug: string;
  providerId: string;
  upstreamName: string;
  displayName: string;
  inputPricePerMTok: string;
  outputPricePerMTok: string;
  cachedInputPricePerMTok: string;
  contextWindow: string;
  maxOutputTokens: string;
  capabilities: string[];
  tier: string;
  declaredLatencyMs: string;
  enabled: boolean;
};

function initial(m: ModelRecord | null): FormState {
  return {
    slug: m?.slug ?? "",
    providerId: m?.providerId ?? "",
    upstreamName: m?.upstreamName ?? "",
    displayName: m?.displayName ?? "",
    inputPricePerMTok: m ? String(m.inputPricePerMTok) : "",
    outputPricePerMTok: m ? String(m.outputPricePerMTok) : "",
    cachedInputPricePerMTok:
      m?.cachedInputPricePerMTok != null ? String(m.cachedInputPricePerMTok) : "",
    contextWindow: m ? String(m.contextWindow) : "128000",
    maxOutputTokens: m ? String(m.maxOutputTokens) : "4096",
    capabilities: m?.capabilities ?? ["streaming"],
    tier: m?.tier ?? "small",
    declaredLatencyMs: m ? String(m.declaredLatencyMs) : "1000",
    enabled: m?.enabled ?? true,
  };
}

const n = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));

function toBody(f: FormState) {
  return {
    slug: f.slug,
    providerId: f.providerId,
    upstreamName: f.upstreamName,
    displayName: f.displayName,
    inputPricePerMTok: n(f.inputPricePerMTok),
    outputPricePerMTok: n(f.outputPricePerMTok),
    cachedInputPricePerMTok:
      f.cachedInputPricePerMTok.trim() === "" ? null : n(f.cachedInputPricePerMTok),
    contextWindow: n(f.contextWindow),
    maxOutputTokens: n(f.maxOutputTokens),
    capabilities: f.capabilities,
    tier: f.tier,
    declaredLatencyMs: n(f.declaredLatencyMs),
    enabled: f.enabled,
  };
}

/** Add or edit a registry entry; checks the same schema as the API while you type. */
export function ModelForm({ model, onDone }: { model: ModelRecord | null; onDone: () => void }) {
  const qc = useQueryClient();
  const providers = useQuery(providerListQuery());
  const [f, setF] = useState(() => initial(model));
  const [touched, setTouched] = useState(false);
  const local = CreateModelSchema.safeParse(toBody(f));
  const localErrors = new Map<string, string>();
  if (!local.success)
    for (const i of local.error.issues) localErrors.set(i.path.join("."), i.message);
  const m = useMutation({
    mutationFn: () => {
      if (!local.success) throw new Error("Fix the highlighted fields.");
      const { slug: _s, providerId: _p, ...changes } = local.data;
      return model ? updateModel(model.id, changes) : createModel(local.data);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: modelKeys.all });
      void qc.invalidateQueries({ queryKey: ["audit"] });
      onDone();
    },
  });
  const problem = m.error instanceof ApiProblem ? m.error : null;
  const err = (k: keyof FormState) =>
    problem?.fieldError(k) ?? (touched ? localErrors.get(k) : undefined);
  const set = (k: keyof FormState) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  return (
    <form
      className="card form"
      aria-label={model ? `Edit model ${model.slug}` : "Add a model"}
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (local.success) m.mutate();
      }}
    >
      <h2>{model ? `Edit ${model.slug}` : "Add a model"}</h2>
      <div className="form-grid">
        <Field label="Name (slug)" error={err("slug")} hint="What clients send as `model`">
          <input value={f.slug} onChange={set("slug")} disabled={model !== null} />
        </Field>
        <Field label="Provider" error={err("providerId")}>
          <select value={f.providerId} onChange={set("providerId")} disabled={model !== null}>
            <option value="">{providers.isPending ? "Loading…" : "Choose…"}</option>
            {(providers.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.kind})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Upstream model name" error={err("upstreamName")}>
          <input value={f.upstreamName} onChange={set("upstreamName")} />
        </Field>
        <Field label="Display name" error={err("displayName")}>
          <input value={f.displayName} onChange={set("displayName")} />
        </Field>
        <Field label="Input price ($ / 1M tokens)" error={err("inputPricePerMTok")}>
          <input
            type="number"
            step="any"
            min="0"
            value={f.inputPricePerMTok}
            onChange={set("inputPricePerMTok")}
          />
        </Field>
        <Field label="Output price ($ / 1M tokens)" error={err("outputPricePerMTok")}>
          <input
            type="number"
            step="any"
            min="0"
            value={f.outputPricePerMTok}
            onChange={set("outputPricePerMTok")}
          />
        </Field>
        <Field label="Cached input ($ / 1M, optional)" error={err("cachedInputPricePerMTok")}>
          <input
            type="number"
            step="any"
            min="0"
            value={f.cachedInputPricePerMTok}
            onChange={set("cachedInputPricePerMTok")}
          />
        </Field>
        <Field label="Context window (tokens)" error={err("contextWindow")}>
          <input type="number" min="1" value={f.contextWindow} onChange={set("contextWindow")} />
        </Field>
        <Field label="Max output (tokens)" error={err("maxOutputTokens")}>
          <input
            type="number"
            min="1"
            value={f.maxOutputTokens}
            onChange={set("maxOutputTokens")}
          />
        </Field>
        <Field label="Tier" error={err("tier")}>
          <select value={f.tier} onChange={set("tier")}>
            {ModelTierSchema.options.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Field>
        <Field label="Declared latency (ms)" error={err("declaredLatencyMs")}>
          <input
            type="number"
            min="1"
            value={f.declaredLatencyMs}
            onChange={set("declaredLatencyMs")}
          />
        </Field>
      </div>
      <fieldset className="subform">
        <legend>Capabilities</legend>
        <div className="chips">
          {CapabilitySchema.options.map((c) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                checked={f.capabilities.includes(c)}
                onChange={(e) =>
                  setF({
                    ...f,
                    capabilities: e.target.checked
                      ? [...f.capabilities, c]
                      : f.capabilities.filter((x) => x !== c),
                  })
                }
              />
              {c}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="check">
        <input
          type="checkbox"
          checked={f.enabled}
          onChange={(e) => setF({ ...f, enabled: e.target.checked })}
        />{" "}
        Enabled
      </label>
      {problem && problem.fieldErrors.length === 0 ? (
        <p className="error-text" role="alert">
          {problem.message}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={m.isPending}>
          {m.isPending ? "Saving…" : model ? "Save changes" : "Add model"}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
