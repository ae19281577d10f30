/**
 * The policy document contract: a versioned, zod-validated JSON document that can be stored,
 * diffed, exported to git and imported again. Shared by the engine, the console and the seeds.
 * Reference: docs/routing.md.
 */
import { z } from "zod";
import { ConditionSchema, SafePatternSchema } from "./policy-condition";
import { CapabilitySchema, ErrorClassSchema, ModelTierSchema } from "./policy-enums";
import { ScorerRefSchema } from "./scorers";

export * from "./policy-condition";
export * from "./policy-enums";

const safePattern = SafePatternSchema;

const slug = z.string().regex(/^[a-z0-9][a-z0-9._:/-]{0,99}$/i, "expected a slug");

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
/** Bounds of a hedge delay: a positive number of ms, at most the longest attempt timeout. */
export const HEDGE_AFTER_MS_MIN = 10;
export const HEDGE_AFTER_MS_MAX = 600_000;
const hedgeMessage = `a hedge delay is a whole number of ms from ${HEDGE_AFTER_MS_MIN} to ${HEDGE_AFTER_MS_MAX}, or null to turn hedging off`;
/**
 * Hedge delay: when an attempt has not answered (a stream: produced its first content token)
 * after this many ms, a second attempt starts on the plan's next step. `null` turns hedging off;
 * absent inherits (action → policy settings → the gateway's default).
 */
export const HedgeAfterMsSchema = z
  .number(hedgeMessage)
  .int(hedgeMessage)
  .min(HEDGE_AFTER_MS_MIN, hedgeMessage)
  .max(HEDGE_AFTER_MS_MAX, hedgeMessage)
  .nullable()
  .optional();
const hedge = { hedgeAfterMs: HedgeAfterMsSchema };
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
    ...hedge,
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
      ...hedge,
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
    ...hedge,
  }),
  z
    .strictObject({
      strategy: z.literal("score_band"),
      bands: z
        .array(z.strictObject({ upTo: z.number().min(0).max(1), tier: ModelTierSchema }))
        .min(1),
      /** A learned scorer version of this route; absent means the built-in heuristic. */
      scorer: ScorerRefSchema.optional(),
      capabilities: requirements.capabilities,
      ...hedge,
    })
    .refine((a) => a.bands.every((b, i) => i === 0 || b.upTo > (a.bands[i - 1]?.upTo ?? -1)), {
      message: "bands must have strictly increasing `upTo`",
    })
    .refine((a) => a.bands[a.bands.length - 1]?.upTo === 1, { message: "last band needs upTo: 1" }),
  z.strictObject({
    strategy: z.literal("latency_sla"),
    p95Ms: z.number().int().positive(),
    ...requirements,
    ...hedge,
  }),
  z.strictObject({ strategy: z.literal("cheapest"), ...requirements, ...hedge }),
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
  /** The route's hedge delay (actions may override it); absent: the gateway's default. */
  hedgeAfterMs: HedgeAfterMsSchema,
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
