/** Request and response contracts of the console's providers API. Credentials are write-only. */
import { z } from "zod";
import { PROVIDER_KINDS } from "@/lib/vocabulary";
import type { ProviderKind } from "@/lib/vocabulary";

export const ProviderKindSchema = z.enum(PROVIDER_KINDS);

const headerName = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const Headers = z
  .record(z.string().regex(headerName, "not a valid header name"), z.string().max(2000))
  .refine((h) => Object.keys(h).length <= 30, { message: "at most 30 headers" })
  .refine((h) => !Object.keys(h).some((k) => /^(authorization|x-api-key)$/i.test(k)), {
    message: "put secrets in the credential, not in headers",
  });
const baseUrl = z
  .url({ protocol: /^https?$/, message: "an http(s) URL" })
  .max(2000)
  .nullable();

/**
 * Adapter settings an operator may set (docs/providers.md, "Adapters and their settings"). A
 * create takes them as they are; an update merges them into the stored ones, `null` removing one
 * (the adapter's default applies again). Simulator behaviour stays a seed/JSON matter.
 */
const settingFields = {
  /** Longest gap between content events once a stream has started (default: request timeout). */
  streamIdleTimeoutMs: z.number().int().min(1000).max(600_000),
  /** Ask an OpenAI-compatible upstream for usage in streams (`stream_options.include_usage`). */
  streamUsage: z.boolean(),
  forwardMetadata: z.boolean(),
  /** Azure OpenAI's `api-version` query parameter. */
  apiVersion: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,40}$/, "letters, digits, dot, dash or underscore (at most 40)"),
  authHeader: z.enum(["authorization", "api-key"]),
  /** The `anthropic-version` header. */
  anthropicVersion: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date like 2023-06-01"),
  defaultMaxTokens: z.number().int().min(1).max(1_000_000),
};
export type ProviderSettingKey = keyof typeof settingFields;

/** Which settings each kind of provider reads. */
export const PROVIDER_SETTINGS: Record<
  z.infer<typeof ProviderKindSchema>,
  readonly ProviderSettingKey[]
> = {
  openai_compatible: [
    "streamIdleTimeoutMs",
    "streamUsage",
    "forwardMetadata",
    "apiVersion",
    "authHeader",
  ],
  anthropic: ["streamIdleTimeoutMs", "anthropicVersion", "defaultMaxTokens"],
  simulator: [],
};

const CreateSettings = z.strictObject(settingFields).partial();
const UpdateSettings = z
  .strictObject(
    Object.fromEntries(Object.entries(settingFields).map(([k, v]) => [k, v.nullable()])) as {
      [K in ProviderSettingKey]: z.ZodNullable<(typeof settingFields)[K]>;
    },
  )
  .partial();
export type ProviderSettingsInput = z.infer<typeof UpdateSettings>;

/** Settings that the kind does not read, as validation issues at `settings.<key>`. */
export function settingsNotForKind(
  kind: z.infer<typeof ProviderKindSchema>,
  settings: Record<string, unknown>,
): Array<{ path: string; message: string }> {
  const allowed = PROVIDER_SETTINGS[kind];
  return Object.keys(settings)
    .filter((k) => !(allowed as readonly string[]).includes(k))
    .map((k) => ({
      path: `settings.${k}`,
      message:
        allowed.length === 0
          ? `${kind} providers take no settings here`
          : `not a setting of ${kind} providers (${allowed.join(", ")})`,
    }));
}

const providerFields = {
  name: z.string().trim().min(1, "required").max(200),
  baseUrl,
  headers: Headers.default({}),
  connectTimeoutMs: z.number().int().min(100).max(60_000).default(5000),
  requestTimeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  allowPrivateNetwork: z.boolean().default(false),
  enabled: z.boolean().default(true),
};

export const CreateProviderSchema = z
  .strictObject({
    slug: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, "lowercase letters, digits, dot, dash or underscore"),
    kind: ProviderKindSchema,
    ...providerFields,
    credential: z.string().min(1).max(4000).optional(),
    settings: CreateSettings.optional(),
  })
  .refine((p) => p.kind === "simulator" || p.baseUrl !== null, {
    path: ["baseUrl"],
    message: "required for this kind",
  })
  .superRefine((p, ctx) => {
    for (const issue of settingsNotForKind(p.kind, p.settings ?? {}))
      ctx.addIssue({ code: "custom", path: issue.path.split("."), message: issue.message });
  });
export type CreateProviderInput = z.infer<typeof CreateProviderSchema>;

export const UpdateProviderSchema = z.strictObject({
  name: providerFields.name.optional(),
  baseUrl: baseUrl.optional(),
  headers: Headers.optional(),
  connectTimeoutMs: z.number().int().min(100).max(60_000).optional(),
  requestTimeoutMs: z.number().int().min(1000).max(600_000).optional(),
  allowPrivateNetwork: z.boolean().optional(),
  enabled: z.boolean().optional(),
  settings: UpdateSettings.optional(),
});
export type UpdateProviderInput = z.infer<typeof UpdateProviderSchema>;

/** Set or replace (`value`) or clear (`null`) the credential. */
export const SetCredentialSchema = z.strictObject({
  value: z.string().trim().min(8, "at least 8 characters").max(4000).nullable(),
});
export type SetCredentialInput = z.infer<typeof SetCredentialSchema>;

// Answers (typed, not parsed: the console trusts its own server; lib/db builds them).
export interface ProviderRecord {
  id: string;
  slug: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string | null;
  hasCredential: boolean;
  credentialHint: string | null;
  headers: Record<string, string>;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  allowPrivateNetwork: boolean;
  /** Adapter settings (docs/providers.md); never secret. */
  settings: Record<string, unknown>;
  enabled: boolean;
  modelCount: number;
  updatedAt: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  latencyMs: number;
  /** The upstream model that answered, or the reason nothing was sent. */
  model: string | null;
  errorClass: string | null;
  message: string;
}
