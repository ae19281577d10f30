/** Rule conditions of the policy document (see docs/routing.md). */
import { z } from "zod";
import { findRegexHazard } from "./regex-guard";
import { CapabilitySchema } from "./policy-enums";
import type { Capability } from "@/lib/vocabulary";

/** Comparison operators of numeric and budget conditions. */
export const ComparisonSchema = z.enum(["lt", "lte", "gt", "gte", "eq"]);
const comparison = ComparisonSchema;

/** A regular expression checked against catastrophic backtracking at validation time. */
export const SafePatternSchema = z
  .string()
  .min(1)
  .superRefine((pattern, ctx) => {
    const hazard = findRegexHazard(pattern, "i");
    if (hazard) ctx.addIssue({ code: "custom", message: hazard });
  });
const safePattern = SafePatternSchema;
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
