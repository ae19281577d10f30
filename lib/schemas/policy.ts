/**
 * The policy document contract: a versioned, zod-validated JSON document that can be stored,
 * diffed, exported to git and imported again. Shared by the engine, the console and the seeds.
 * Reference: docs/routing.md.
 */
import { z } from "zod";
import { findRegexHazard } from "@/lib/router/regex-guard";

/** Closed set of model capabilities. */
export const CapabilitySchema = z.enum([
  "tools",
  "vision",
  "json",
  "json_schema",
  "reasoning",
  "long_context",
  "streaming",
]);
/** A model capability. */
export type Capability = z.infer<typeof CapabilitySchema>;

/** Model tiers, cheapest first. */
export const ModelTierSchema = z.enum(["small", "medium", "large", "frontier"]);
/** A model tier. */
export type ModelTier = z.infer<typeof ModelTierSchema>;

/** Error classes a fallback can move on (same list as `ERROR_CLASSES` in lib/router). */
export const ErrorClassSchema = z.enum([
  "timeout",
  "connect",
  "server_error",
  "rate_limited",
  "auth",
  "invalid_request",
  "context_length_exceeded",
  "content_filtered",
  "stream_interrupted",
  "unknown",
]);

const slug = z.string().regex(/^[a-z0-9][a-z0-9._:/-]{0,99}$/i, "expected a slug");
const comparison = z.enum(["lt", "lte", "gt", "gte", "eq"]);
const safePattern = z
  .string()
  .min(1)
  .superRefine((pattern, ctx) => {
    const hazard = findRegexHazard(pattern, "i");
    if (hazard) ctx.addIssue({ code: "custom", message: hazard });
  });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM");

/** Metadata fields a rule can compare. */
export const MetadataFieldSchema = z.enum([
  "task",
  "userTier",
  "latencyClass",
  "priority",
  "endUserId",
]);
/** Numeric request features a rule can compare. */
export const NumericFieldSchema = z.enum([
  "inputTokens",
  "maxOutputTokens",
  "totalTokens",
  "messageCount",
  "conversationTurns",
]);

/** A rule condition. Content conditions (`keywords`, `regex`) need route content inspection. */
export type Condition =
  | { type: "metadata"; field: z.infer<typeof MetadataFieldSchema>; equals?: string; in?: string[] }
  | { type: "tag"; anyOf: string[] }
  | { type: "tenant"; in: string[] }
  | {
      type: "numeric";
      field: z.infer<typeof NumericFieldSchema>;
      op: z.infer<typeof comparison>;
      value: number;
    }
  | { type: "capabilities"; requires: Capability[] }
  | {
      type: "budget";
      state?: ("ok" | "soft" | "hard")[];
      fractionSpent?: { op: z.infer<typeof comparison>; value: number };
    }
  | { type: "time_window"; days?: number[]; start: string; end: string; utcOffsetMinutes: number }
  | { type: "keywords"; anyOf: string[]; caseSensitive?: boolean }
  | { type: "regex"; pattern: string; caseSensitive?: boolean }
  | { type: "all"; conditions: Condition[] }
  | { type: "any"; conditions: Condition[] }
  | { type: "not"; condition: Condition };

/** Zod schema of a condition (recursive). */
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z
      .strictObject({
        type: z.literal("metadata"),
        field: MetadataFieldSchema,
        equals: z.string().optional(),
        in: z.array(z.string()).min(1).optional(),
      })
      .refine((c) => (c.equals === undefined) !== (c.in === undefined), {
        message: "set exactly one of `equals` or `in`",
      }),
    z.strictObject({ type: z.literal("tag"), anyOf: z.array(z.string().min(1)).min(1) }),
    z.strictObject({ type: z.literal("tenant"), in: z.array(z.string().min(1)).min(1) }),
    z.strictObject({
      type: z.literal("numeric"),
      field: NumericFieldSchema,
      op: comparison,
      value: z.number().finite(),
    }),
    z.strictObject({ type: z.literal("capabilities"), requires: z.array(CapabilitySchema).min(1) }),
    z
      .strictObject({
        type: z.literal("budget"),
        state: z
          .array(z.enum(["ok", "soft", "hard"]))
          .min(1)
          .optional(),
        fractionSpent: z.strictObject({ op: comparison, value: z.number().min(0) }).optional(),
      })
      .refine((c) => c.state !== undefined || c.fractionSpent !== undefined, {
        message: "set `state` or `fractionSpent`",
      }),
    z.strictObject({
      type: z.literal("time_window"),
      days: z.array(z.number().int().min(0).max(6)).min(1).optional(),
      start: hhmm,
      end: hhmm,
      utcOffsetMinutes: z.number().int().min(-840).max(840),
    }),
    z.strictObject({
      type: z.literal("keywords"),
      anyOf: z.array(z.string().min(1).max(200)).min(1).max(500),
      caseSensitive: z.boolean().optional(),
    }),
    z.strictObject({
      type: z.literal("regex"),
      pattern: safePattern,
      caseSensitive: z.boolean().optional(),
    }),
    z.strictObject({ type: z.literal("all"), conditions: z.array(ConditionSchema).min(1) }),
    z.strictObject({ type: z.literal("any"), conditions: z.array(ConditionSchema).min(1) }),
    z.strictObject({ type: z.literal("not"), condition: ConditionSchema }),
  ]),
);

/** Quality gates a cascade stage's answer must pass; a failure escalates. */
export const GateSpecSchema = z.strictObject({
  nonEmpty: z.boolean().optional(),
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(1).optional(),
  refusalPatterns: z.array(safePattern).max(50).optional(),
  json: z.boolean().optional(),
  /** Validate against the request's `response_format.json_schema` when one was sent. */
  jsonSchema: z.boolean().optional(),
  requiredFields: z.array(z.string().min(1)).optional(),
  minMeanLogprob: z.number().max(0).optional(),
});
/** Gate spec as written in a policy document. */
export type GateSpecDocument = z.infer<typeof GateSpecSchema>;

const attempt = {
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  maxRetries: z.number().int().min(0).max(5).optional(),
};
const requirements = {
  capabilities: z.array(CapabilitySchema).optional(),
  minTier: ModelTierSchema.optional(),
};

/** An action (routing strategy). */
export const ActionSchema = z.discriminatedUnion("strategy", [
  z.strictObject({
    strategy: z.literal("single"),
    model: slug,
    ...attempt,
    fallbacks: z.array(slug).max(10).optional(),
  }),
  z
    .strictObject({
      strategy: z.literal("fallback"),
      chain: slug.optional(),
      steps: z
        .array(z.strictObject({ model: slug, ...attempt }))
        .min(1)
        .max(10)
        .optional(),
      triggers: z.array(ErrorClassSchema).min(1).optional(),
      deadlineMs: z.number().int().min(100).optional(),
    })
    .refine((a) => (a.chain === undefined) !== (a.steps === undefined), {
      message: "set exactly one of `chain` or `steps`",
    }),
  z.strictObject({
    strategy: z.literal("cascade"),
    stages: z
      .array(z.strictObject({ model: slug, ...attempt, gates: GateSpecSchema }))
      .min(2)
      .max(5),
  }),
  z.strictObject({
    strategy: z.literal("weighted"),
    variants: z
      .array(z.strictObject({ model: slug, weight: z.number().positive() }))
      .min(1)
      .max(20),
  }),
  z
    .strictObject({
      strategy: z.literal("score_band"),
      bands: z
        .array(z.strictObject({ upTo: z.number().min(0).max(1), tier: ModelTierSchema }))
        .min(1),
      capabilities: requirements.capabilities,
    })
    .refine((a) => a.bands.every((b, i) => i === 0 || b.upTo > (a.bands[i - 1]?.upTo ?? -1)), {
      message: "bands must have strictly increasing `upTo`",
    })
    .refine((a) => a.bands[a.bands.length - 1]?.upTo === 1, { message: "last band needs upTo: 1" }),
  z.strictObject({
    strategy: z.literal("latency_sla"),
    p95Ms: z.number().int().positive(),
    ...requirements,
  }),
  z.strictObject({ strategy: z.literal("cheapest"), ...requirements }),
  z.strictObject({ strategy: z.literal("reject"), message: z.string().min(1).max(500) }),
]);
/** An action as written in a policy document. */
export type Action = z.infer<typeof ActionSchema>;

/** Policy-wide settings; every field has a default. */
export const PolicySettingsSchema = z.strictObject({
  allowLargerContext: z.boolean().default(true),
  softBudget: z.enum(["downgrade", "ignore"]).default("downgrade"),
  downgradeMinTier: ModelTierSchema.default("small"),
  defaultTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  defaultMaxRetries: z.number().int().min(0).max(5).default(0),
  defaultMoveOn: z
    .array(ErrorClassSchema)
    .default(["timeout", "connect", "server_error", "rate_limited", "stream_interrupted"]),
  deadlineMs: z.number().int().min(100).default(120_000),
  poolFallbacks: z.number().int().min(0).max(5).default(1),
  outputReserveTokens: z.number().int().min(1).default(1024),
  maxScanChars: z.number().int().min(100).max(1_000_000).default(20_000),
});
/** Resolved policy settings. */
export type PolicySettings = z.infer<typeof PolicySettingsSchema>;

/** One rule: the first enabled rule whose condition holds decides the action. */
export const RuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "rule ids are lowercase slugs"),
  description: z.string().max(500).optional(),
  enabled: z.boolean().default(true),
  when: ConditionSchema,
  then: ActionSchema,
});
/** A parsed rule. */
export type Rule = z.infer<typeof RuleSchema>;

/** A policy document (version 1 of the format). */
export const PolicyDocumentSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    description: z.string().max(2000).optional(),
    settings: PolicySettingsSchema.prefault({}),
    rules: z.array(RuleSchema).max(5000),
    default: ActionSchema,
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["rules", index, "id"],
          message: "duplicate rule id",
        });
      }
      seen.add(rule.id);
    });
  });
/** A parsed policy document (defaults applied). */
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;
/** A policy document as authored (defaults optional). */
export type PolicyDocumentInput = z.input<typeof PolicyDocumentSchema>;

/** A validation problem with a readable location, e.g. `rules[3] (faq).when.all[1].pattern`. */
export interface PolicyIssue {
  path: string;
  ruleId: string | null;
  message: string;
}

/** Parses a document, returning readable issues instead of throwing. */
export function parsePolicyDocument(
  input: unknown,
): { ok: true; policy: PolicyDocument } | { ok: false; issues: PolicyIssue[] } {
  const result = PolicyDocumentSchema.safeParse(input);
  if (result.success) return { ok: true, policy: result.data };
  return { ok: false, issues: result.error.issues.map((issue) => formatIssue(issue, input)) };
}

function formatIssue(issue: z.core.$ZodIssue, input: unknown): PolicyIssue {
  let ruleId: string | null = null;
  let path = "";
  issue.path.forEach((key, i) => {
    if (typeof key === "number") path += `[${key}]`;
    else path += path === "" ? String(key) : `.${String(key)}`;
    if (i === 1 && issue.path[0] === "rules" && typeof key === "number") {
      ruleId = readRuleId(input, key);
      if (ruleId) path += ` (${ruleId})`;
    }
  });
  return { path: path || "(document)", ruleId, message: issue.message };
}

function readRuleId(input: unknown, index: number): string | null {
  if (typeof input !== "object" || input === null) return null;
  const rules = (input as { rules?: unknown }).rules;
  if (!Array.isArray(rules)) return null;
  const rule: unknown = rules[index];
  if (typeof rule !== "object" || rule === null) return null;
  const id = (rule as { id?: unknown }).id;
  return typeof id === "string" ? id : null;
}
