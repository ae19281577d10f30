/**
 * The request features as a decision record stores them (the `features` JSON column): one contract
 * for both producers, the gateway (`summarizeFeatures`, lib/gateway/summarize-features.ts) and the
 * demo seed (lib/db/seed/explain-shape.ts), and the reader the console replays them with.
 * Never the prompt text and never the JSON schema body, only whether one was sent.
 */
import { z } from "zod";
import { CapabilitySchema } from "@/lib/schemas/policy-enums";
import { LATENCY_CLASSES, PRIORITIES } from "@/lib/vocabulary";
import { ReplayInputsSchema } from "./replay-inputs";

const RESPONSE_FORMATS = ["text", "json_object", "json_schema"] as const;

/** Client metadata, normalized (lib/router `ClientMetadata`). */
export const FeaturesMetadataSchema = z.object({
  task: z.string().nullable(),
  userTier: z.string().nullable(),
  latencyClass: z.enum(LATENCY_CLASSES).nullable(),
  // Readonly: the engine's features hand their arrays over without a copy.
  tags: z.array(z.string()).readonly(),
  endUserId: z.string().nullable(),
  priority: z.enum(PRIORITIES),
});

/** What producers write. */
export const FeaturesSummarySchema = z.object({
  estimatedInputTokens: z.number(),
  overheadTokens: z.number(),
  maxOutputTokens: z.number().nullable(),
  messageCount: z.number(),
  conversationTurns: z.number(),
  hasTools: z.boolean(),
  hasImages: z.boolean(),
  responseFormat: z.enum(RESPONSE_FORMATS),
  stream: z.boolean(),
  requiredCapabilities: z.array(CapabilitySchema).readonly(),
  metadata: FeaturesMetadataSchema,
  hasJsonSchema: z.boolean(),
  /** What else the engine read, for an exact replay (replay-inputs.ts); absent on older rows. */
  replay: ReplayInputsSchema.optional(),
});
export type FeaturesSummary = z.infer<typeof FeaturesSummarySchema>;

/** Stored for requests refused before their features were read (unknown model, bad body). */
export type NoFeatures = Record<string, never>;

function plainObject(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

// Tolerant fields: a stored row that lacks a field or holds a bad value reads as the default.
const count = (fallback: number) => z.number().catch(fallback);
const flag = z.boolean().catch(false);
const strings = z
  .array(z.unknown())
  .catch([])
  .transform((v) => v.filter((x): x is string => typeof x === "string"));
const name = z
  .string()
  .nullable()
  .catch(null)
  .transform((v) => (v === "" ? null : v));

const StoredMetadataSchema = z.object({
  task: name,
  userTier: name,
  latencyClass: z.enum(LATENCY_CLASSES).nullable().catch(null),
  tags: strings,
  endUserId: name,
  priority: z.enum(PRIORITIES).catch("normal"),
});

/**
 * The reader of stored rows: any `FeaturesSummary`, and older or partial rows too. Demo histories
 * seeded before the seed wrote this shape (until 2026-11-23) stored a flat object
 * (`{ estimatedInputTokens, maxOutputTokens, stream, task, tags }`): metadata fields at the top
 * level are lifted into `metadata` (nested values win). Missing or invalid fields read as defaults,
 * unknown capabilities are dropped, empty names read as null. Fails only without a numeric
 * `estimatedInputTokens` (nothing meaningful to replay).
 */
export const StoredFeaturesSchema: z.ZodType<FeaturesSummary, unknown> = z.preprocess(
  (json) => {
    const f = plainObject(json);
    return { ...f, metadata: { ...f, ...plainObject(f.metadata) } };
  },
  z.object({
    estimatedInputTokens: z.number(),
    overheadTokens: count(0),
    maxOutputTokens: z.number().nullable().catch(null),
    messageCount: count(1),
    conversationTurns: count(1),
    hasTools: flag,
    hasImages: flag,
    responseFormat: z.enum(RESPONSE_FORMATS).catch("text"),
    stream: flag,
    requiredCapabilities: z
      .array(z.unknown())
      .catch([])
      .transform((v) => v.flatMap((c) => CapabilitySchema.safeParse(c).data ?? [])),
    metadata: StoredMetadataSchema,
    hasJsonSchema: flag,
    replay: ReplayInputsSchema.optional().catch(undefined),
  }),
);
