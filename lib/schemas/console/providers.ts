/** Request contracts of the console's providers API. Credentials are write-only. */
import { z } from "zod";

export const ProviderKindSchema = z.enum(["openai_compatible", "anthropic", "simulator"]);

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
  })
  .refine((p) => p.kind === "simulator" || p.baseUrl !== null, {
    path: ["baseUrl"],
    message: "required for this kind",
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
});
export type UpdateProviderInput = z.infer<typeof UpdateProviderSchema>;

/** Set or replace (`value`) or clear (`null`) the credential. */
export const SetCredentialSchema = z.strictObject({
  value: z.string().trim().min(8, "at least 8 characters").max(4000).nullable(),
});
export type SetCredentialInput = z.infer<typeof SetCredentialSchema>;
