"use client";

import { Field } from "@/components/ui/field";
import {
  createProvider,
  providerKeys,
  updateProvider,
  type ProviderRecord,
} from "@/lib/queries/providers";
import { CreateProviderSchema } from "@/lib/schemas/console/providers";
import {
  CheckField,
  FormFooter,
  FormFrame,
  NumberField,
  useFormState,
  useRegistryForm,
} from "./registry-form";

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
  const { f, patch, text } = useFormState(() => ({
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
  }));
  const { err, onSubmit, problem, pending } = useRegistryForm({
    schema: CreateProviderSchema,
    body: {
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
    },
    save: (data) => {
      const { slug: _s, kind: _k, credential: _c, ...changes } = data;
      return provider ? updateProvider(provider.id, changes) : createProvider(data);
    },
    invalidates: providerKeys.all,
    onDone,
    errorsByTopField: true,
  });
  return (
    <FormFrame
      label={provider ? `Edit provider ${provider.slug}` : "Add a provider"}
      title={provider ? `Edit ${provider.slug}` : "Add a provider"}
      onSubmit={onSubmit}
    >
      <div className="form-grid">
        <Field label="Slug" error={err("slug")}>
          <input {...text("slug")} disabled={provider !== null} />
        </Field>
        <Field label="Name" error={err("name")}>
          <input {...text("name")} />
        </Field>
        <Field label="Kind" error={err("kind")}>
          <select {...text("kind")} disabled={provider !== null}>
            {Object.entries(KINDS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Base URL" error={err("baseUrl")} hint="e.g. https://api.openai.com/v1">
          <input {...text("baseUrl")} inputMode="url" />
        </Field>
        <NumberField
          label="Connect timeout (ms)"
          error={err("connectTimeoutMs")}
          {...text("connectTimeoutMs")}
        />
        <NumberField
          label="Request timeout (ms)"
          error={err("requestTimeoutMs")}
          {...text("requestTimeoutMs")}
        />
        {provider ? null : (
          <Field
            label="API key (optional)"
            error={err("credential")}
            hint="Stored encrypted; never shown again"
          >
            <input type="password" autoComplete="off" {...text("credential")} />
          </Field>
        )}
      </div>
      <Field label="Extra headers (one `Name: value` per line, no secrets)" error={err("headers")}>
        <textarea rows={2} className="code" {...text("headers")} />
      </Field>
      <div className="row">
        <CheckField
          label="Allow private network addresses (self-hosted upstreams)"
          checked={f.allowPrivateNetwork}
          onChange={(on) => patch({ allowPrivateNetwork: on })}
        />
        <CheckField label="Enabled" checked={f.enabled} onChange={(on) => patch({ enabled: on })} />
      </div>
      <FormFooter
        problem={problem}
        pending={pending}
        submitLabel={provider ? "Save changes" : "Add provider"}
        onCancel={onDone}
      />
    </FormFrame>
  );
}
