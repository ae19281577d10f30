"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { ApiProblem } from "@/lib/queries/config-fetch";
import {
  createProvider,
  providerKeys,
  updateProvider,
  type ProviderRecord,
} from "@/lib/queries/providers";
import { CreateProviderSchema } from "@/lib/schemas/console/providers";

const KINDS = {
  openai_compatible: "OpenAI-compatible",
  anthropic: "Anthropic",
  simulator: "Built-in simulator",
} as const;

function headersText(h: Record<string, string>): string {
  return Object.entries(h)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
}
function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const i = line.indexOf(":");
    if (i > 0) out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

/** Add or edit a provider. The credential field is write-only (only on create here). */
export function ProviderForm({
  provider,
  onDone,
}: {
  provider: ProviderRecord | null;
  onDone: () => void;
}) {
  const qc = useQueryClient();
  const [f, setF] = useState({
    slug: provider?.slug ?? "",
    name: provider?.name ?? "",
    kind: provider?.kind ?? "openai_compatible",
    baseUrl: provider?.baseUrl ?? "",
    headers: headersText(provider?.headers ?? {}),
    connectTimeoutMs: String(provider?.connectTimeoutMs ?? 5000),
    requestTimeoutMs: String(provider?.requestTimeoutMs ?? 60000),
    allowPrivateNetwork: provider?.allowPrivateNetwork ?? false,
    enabled: provider?.enabled ?? true,
    credential: "",
  });
  const [touched, setTouched] = useState(false);
  const body = {
    slug: f.slug,
    name: f.name,
    kind: f.kind,
    baseUrl: f.baseUrl.trim() === "" ? null : f.baseUrl.trim(),
    headers: parseHeaders(f.headers),
    connectTimeoutMs: Number(f.connectTimeoutMs),
    requestTimeoutMs: Number(f.requestTimeoutMs),
    allowPrivateNetwork: f.allowPrivateNetwork,
    enabled: f.enabled,
    ...(f.credential ? { credential: f.credential } : {}),
  };
  const local = CreateProviderSchema.safeParse(body);
  const localErrors = new Map<string, string>();
  if (!local.success)
    for (const i of local.error.issues) localErrors.set(String(i.path[0] ?? ""), i.message);
  const m = useMutation({
    mutationFn: () => {
      if (!local.success) throw new Error("Fix the highlighted fields.");
      const { slug: _s, kind: _k, credential: _c, ...changes } = local.data;
      return provider ? updateProvider(provider.id, changes) : createProvider(local.data);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: providerKeys.all });
      void qc.invalidateQueries({ queryKey: ["audit"] });
      onDone();
    },
  });
  const problem = m.error instanceof ApiProblem ? m.error : null;
  const err = (k: string) => problem?.fieldError(k) ?? (touched ? localErrors.get(k) : undefined);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  return (
    <form
      className="card form"
      aria-label={provider ? `Edit provider ${provider.slug}` : "Add a provider"}
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (local.success) m.mutate();
      }}
    >
      <h2>{provider ? `Edit ${provider.slug}` : "Add a provider"}</h2>
      <div className="form-grid">
        <Field label="Slug" error={err("slug")}>
          <input value={f.slug} onChange={set("slug")} disabled={provider !== null} />
        </Field>
        <Field label="Name" error={err("name")}>
          <input value={f.name} onChange={set("name")} />
        </Field>
        <Field label="Kind" error={err("kind")}>
          <select value={f.kind} onChange={set("kind")} disabled={provider !== null}>
            {Object.entries(KINDS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Base URL" error={err("baseUrl")} hint="e.g. https://api.openai.com/v1">
          <input value={f.baseUrl} onChange={set("baseUrl")} inputMode="url" />
        </Field>
        <Field label="Connect timeout (ms)" error={err("connectTimeoutMs")}>
          <input type="number" value={f.connectTimeoutMs} onChange={set("connectTimeoutMs")} />
        </Field>
        <Field label="Request timeout (ms)" error={err("requestTimeoutMs")}>
          <input type="number" value={f.requestTimeoutMs} onChange={set("requestTimeoutMs")} />
        </Field>
        {provider ? null : (
          <Field
            label="API key (optional)"
            error={err("credential")}
            hint="Stored encrypted; never shown again"
          >
            <input
              type="password"
              autoComplete="off"
              value={f.credential}
              onChange={set("credential")}
            />
          </Field>
        )}
      </div>
      <Field label="Extra headers (one `Name: value` per line, no secrets)" error={err("headers")}>
        <textarea rows={2} className="code" value={f.headers} onChange={set("headers")} />
      </Field>
      <div className="row">
        <label className="check">
          <input
            type="checkbox"
            checked={f.allowPrivateNetwork}
            onChange={(e) => setF({ ...f, allowPrivateNetwork: e.target.checked })}
          />
          Allow private network addresses (self-hosted upstreams)
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={f.enabled}
            onChange={(e) => setF({ ...f, enabled: e.target.checked })}
          />{" "}
          Enabled
        </label>
      </div>
      {problem && problem.fieldErrors.length === 0 ? (
        <p className="error-text" role="alert">
          {problem.message}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={m.isPending}>
          {m.isPending ? "Saving…" : provider ? "Save changes" : "Add provider"}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
