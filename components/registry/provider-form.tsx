"use client";

import { Field } from "@/components/ui/field";
import {
  createProvider,
  providerKeys,
  updateProvider,
  type ProviderRecord,
} from "@/lib/queries/providers";
import { CreateProviderSchema } from "@/lib/schemas/console/providers";
import type { ProviderKind } from "@/lib/vocabulary";
import {
  CheckField,
  FormFooter,
  FormFrame,
  NumberField,
  useFormState,
  useRegistryForm,
} from "./registry-form";

/** Every kind's label: a new provider kind does not compile until it has one. */
const KINDS: Record<ProviderKind, string> = {
  openai_compatible: "OpenAI-compatible",
  anthropic: "Anthropic",
  simulator: "Built-in simulator",
};

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

type Kind = ProviderKind;

/** The adapter settings this form edits, as the form holds them. */
interface SettingsFields {
  streamIdleTimeoutMs: string;
  streamUsage: boolean;
  apiVersion: string;
}

function settingsFields(p: ProviderRecord | null): SettingsFields {
  const s = p?.settings ?? {};
  const version = p?.kind === "anthropic" ? s.anthropicVersion : s.apiVersion;
  return {
    streamIdleTimeoutMs:
      typeof s.streamIdleTimeoutMs === "number" ? String(s.streamIdleTimeoutMs) : "",
    streamUsage: s.streamUsage !== false,
    apiVersion: typeof version === "string" ? version : "",
  };
}

/**
 * The settings the form sends: for a new provider only what differs from the adapter's default;
 * for an edit also `null` for what was cleared (the API merges settings).
 */
function settingsBody(kind: Kind, f: SettingsFields, clear: boolean): Record<string, unknown> {
  if (kind === "simulator") return {};
  const idle = f.streamIdleTimeoutMs.trim();
  const version = f.apiVersion.trim();
  const out: Record<string, unknown> = {
    streamIdleTimeoutMs: idle === "" ? null : Number(idle),
    [kind === "anthropic" ? "anthropicVersion" : "apiVersion"]: version === "" ? null : version,
  };
  if (kind === "openai_compatible") out.streamUsage = f.streamUsage ? null : false;
  if (!clear) for (const [k, v] of Object.entries(out)) if (v === null) delete out[k];
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
    ...settingsFields(provider),
  }));
  const kind = f.kind as Kind;
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
      settings: settingsBody(kind, f, false),
    },
    save: (data) => {
      const { slug: _s, kind: _k, credential: _c, settings: _st, ...changes } = data;
      return provider
        ? updateProvider(provider.id, { ...changes, settings: settingsBody(kind, f, true) })
        : createProvider(data);
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
      {kind === "simulator" ? null : (
        <div className="form-grid">
          <NumberField
            label="Stream idle timeout (ms)"
            error={err("settings")}
            {...text("streamIdleTimeoutMs")}
          />
          <Field
            label={kind === "anthropic" ? "anthropic-version" : "API version (Azure api-version)"}
            hint={kind === "anthropic" ? "default 2023-06-01" : "empty: none"}
          >
            <input {...text("apiVersion")} />
          </Field>
          {kind === "openai_compatible" ? (
            <CheckField
              label="Ask for usage in streams (stream_options.include_usage)"
              checked={f.streamUsage}
              onChange={(on) => patch({ streamUsage: on })}
            />
          ) : null}
        </div>
      )}
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
