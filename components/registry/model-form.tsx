"use client";

import { useQuery } from "@tanstack/react-query";
import { Field } from "@/components/ui/field";
import { createModel, modelKeys, updateModel, type ModelRecord } from "@/lib/queries/models";
import { providerListQuery } from "@/lib/queries/providers";
import { CreateModelSchema } from "@/lib/schemas/console/models";
import { CapabilitySchema, ModelTierSchema } from "@/lib/schemas/policy";
import {
  CheckField,
  FormFooter,
  FormFrame,
  NumberField,
  useFormState,
  useRegistryForm,
} from "./registry-form";

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
  const providers = useQuery(providerListQuery());
  const { f, patch, text } = useFormState(() => initial(model));
  const { err, onSubmit, problem, pending } = useRegistryForm({
    schema: CreateModelSchema,
    body: toBody(f),
    save: (data) => {
      const { slug: _s, providerId: _p, ...changes } = data;
      return model ? updateModel(model.id, changes) : createModel(data);
    },
    invalidates: modelKeys.all,
    onDone,
  });
  const number = (k: Parameters<typeof text>[0], label: string, min: string, step?: string) => (
    <NumberField label={label} error={err(k)} min={min} step={step} {...text(k)} />
  );
  return (
    <FormFrame
      label={model ? `Edit model ${model.slug}` : "Add a model"}
      title={model ? `Edit ${model.slug}` : "Add a model"}
      onSubmit={onSubmit}
    >
      <div className="form-grid">
        <Field label="Name (slug)" error={err("slug")} hint="What clients send as `model`">
          <input {...text("slug")} disabled={model !== null} />
        </Field>
        <Field label="Provider" error={err("providerId")}>
          <select {...text("providerId")} disabled={model !== null}>
            <option value="">{providers.isPending ? "Loading…" : "Choose…"}</option>
            {(providers.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.kind})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Upstream model name" error={err("upstreamName")}>
          <input {...text("upstreamName")} />
        </Field>
        <Field label="Display name" error={err("displayName")}>
          <input {...text("displayName")} />
        </Field>
        {number("inputPricePerMTok", "Input price ($ / 1M tokens)", "0", "any")}
        {number("outputPricePerMTok", "Output price ($ / 1M tokens)", "0", "any")}
        {number("cachedInputPricePerMTok", "Cached input ($ / 1M, optional)", "0", "any")}
        {number("contextWindow", "Context window (tokens)", "1")}
        {number("maxOutputTokens", "Max output (tokens)", "1")}
        <Field label="Tier" error={err("tier")}>
          <select {...text("tier")}>
            {ModelTierSchema.options.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Field>
        {number("declaredLatencyMs", "Declared latency (ms)", "1")}
      </div>
      <fieldset className="subform">
        <legend>Capabilities</legend>
        <div className="chips">
          {CapabilitySchema.options.map((c) => (
            <CheckField
              key={c}
              label={c}
              checked={f.capabilities.includes(c)}
              onChange={(on) =>
                patch({
                  capabilities: on ? [...f.capabilities, c] : f.capabilities.filter((x) => x !== c),
                })
              }
            />
          ))}
        </div>
      </fieldset>
      <CheckField label="Enabled" checked={f.enabled} onChange={(on) => patch({ enabled: on })} />
      <FormFooter
        problem={problem}
        pending={pending}
        submitLabel={model ? "Save changes" : "Add model"}
        onCancel={onDone}
      />
    </FormFrame>
  );
}
