/** Request and response contracts of the console's model registry API. */
import { z } from "zod";
import { CapabilitySchema, ModelTierSchema } from "@/lib/schemas/policy";
import type { ModelTier, ProviderKind } from "@/lib/vocabulary";

const price = z.number().min(0, "a price cannot be negative").max(100_000);

const modelFields = {
  providerId: z.string().uuid("choose a provider"),
  upstreamName: z.string().trim().min(1, "required").max(200),
  displayName: z.string().trim().min(1, "required").max(200),
  inputPricePerMTok: price,
  outputPricePerMTok: price,
  cachedInputPricePerMTok: price.nullable().default(null),
  contextWindow: z.number().int().min(1, "at least 1 token").max(100_000_000),
  maxOutputTokens: z.number().int().min(1, "at least 1 token").max(10_000_000),
  capabilities: z.array(CapabilitySchema).max(7).default([]),
  tier: ModelTierSchema,
  declaredLatencyMs: z.number().int().min(1).max(600_000).default(1000),
  enabled: z.boolean().default(true),
};

export const CreateModelSchema = z
  .strictObject({
    slug: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9._:/-]{0,99}$/i, "letters, digits and . _ : / -"),
    ...modelFields,
  })
  .refine((m) => m.maxOutputTokens <= m.contextWindow, {
    path: ["maxOutputTokens"],
    message: "cannot exceed the context window",
  });
export type CreateModelInput = z.infer<typeof CreateModelSchema>;

export const UpdateModelSchema = z.strictObject({
  upstreamName: modelFields.upstreamName.optional(),
  displayName: modelFields.displayName.optional(),
  inputPricePerMTok: price.optional(),
  outputPricePerMTok: price.optional(),
  cachedInputPricePerMTok: price.nullable().optional(),
  contextWindow: modelFields.contextWindow.optional(),
  maxOutputTokens: modelFields.maxOutputTokens.optional(),
  capabilities: z.array(CapabilitySchema).max(7).optional(),
  tier: ModelTierSchema.optional(),
  declaredLatencyMs: z.number().int().min(1).max(600_000).optional(),
  enabled: z.boolean().optional(),
});
export type UpdateModelInput = z.infer<typeof UpdateModelSchema>;

// Answers (typed, not parsed: the console trusts its own server; lib/db builds them).
export interface ModelRecord {
  id: string;
  slug: string;
  providerId: string;
  providerSlug: string;
  providerName: string;
  providerKind: ProviderKind;
  upstreamName: string;
  displayName: string;
  inputPricePerMTok: number;
  outputPricePerMTok: number;
  cachedInputPricePerMTok: number | null;
  contextWindow: number;
  maxOutputTokens: number;
  capabilities: string[];
  tier: ModelTier;
  declaredLatencyMs: number;
  tokenizer: string | null;
  enabled: boolean;
  /** The provider's own switch: a disabled provider takes all its models out of routing. */
  providerEnabled: boolean;
  updatedAt: string;
}
