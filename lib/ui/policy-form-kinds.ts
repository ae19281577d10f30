/**
 * The kinds the console's policy forms edit (every condition and action of the policy schema),
 * their labels, fresh templates, kind changes that keep what was there, and the nesting limit.
 */
import { ModelTierSchema } from "@/lib/schemas/policy";
import type { JsonObject } from "./policy-form-values";
import type { ModelTier } from "@/lib/vocabulary";

/** Condition kinds with their labels, in the order the kind select lists them. */
export const CONDITION_LABELS = {
  metadata: "Metadata equals",
  numeric: "Token / message count",
  tag: "Has a tag",
  tenant: "Tenant is one of",
  capabilities: "Needs capabilities",
  keywords: "Prompt has keywords (content)",
  regex: "Prompt matches regex (content)",
  budget: "Tenant budget",
  time_window: "Time window",
  all: "All of…",
  any: "Any of…",
  not: "Not…",
} as const;
export type ConditionKind = keyof typeof CONDITION_LABELS;
export const CONDITION_KINDS = Object.keys(CONDITION_LABELS) as readonly ConditionKind[];

const COMBINATORS: readonly string[] = ["all", "any", "not"];

/**
 * How many combinators (all / any / not) may stand above a condition the form edits. Deeper
 * subtrees (possible in JSON) are shown as JSON in place, so nothing is lost.
 */
export const MAX_COMBINATOR_DEPTH = 3;

/** Whether `kind` is all, any or not. */
export function isCombinator(kind: unknown): boolean {
  return typeof kind === "string" && COMBINATORS.includes(kind);
}

/** Kinds the select offers at `depth` (combinators only while they may still nest). */
export function conditionKindsAt(depth: number): readonly ConditionKind[] {
  return depth < MAX_COMBINATOR_DEPTH
    ? CONDITION_KINDS
    : CONDITION_KINDS.filter((k) => !isCombinator(k));
}

/** A fresh condition of `kind`. */
export function conditionTemplate(kind: ConditionKind): JsonObject {
  const leaf = { type: "metadata", field: "task", equals: "" };
  switch (kind) {
    case "metadata":
      return leaf;
    case "numeric":
      return { type: "numeric", field: "inputTokens", op: "gt", value: 1000 };
    case "tag":
      return { type: "tag", anyOf: [] };
    case "tenant":
      return { type: "tenant", in: [] };
    case "capabilities":
      return { type: "capabilities", requires: ["tools"] };
    case "keywords":
      return { type: "keywords", anyOf: [] };
    case "regex":
      return { type: "regex", pattern: "" };
    case "budget":
      return { type: "budget", state: ["soft"] };
    case "time_window":
      return { type: "time_window", start: "09:00", end: "17:00", utcOffsetMinutes: 0 };
    case "all":
    case "any":
      return { type: kind, conditions: [leaf] };
    case "not":
      return { type: "not", condition: leaf };
  }
}

/**
 * The condition after choosing `kind` in the select. Wrapping keeps what was there: a leaf
 * becomes the first member of all / any or the operand of not, all ⇄ any keep their members.
 */
export function changeConditionKind(current: JsonObject, kind: ConditionKind): JsonObject {
  if (current.type === kind) return current;
  const wrappable = typeof current.type === "string" && !isCombinator(current.type);
  if (kind === "all" || kind === "any") {
    if (current.type === "all" || current.type === "any") return { ...current, type: kind };
    if (wrappable) return { type: kind, conditions: [current] };
  }
  if (kind === "not" && wrappable) return { type: "not", condition: current };
  return conditionTemplate(kind);
}

/** Action kinds (strategies) with their labels, in the order the select lists them. */
export const ACTION_LABELS = {
  single: "Single model",
  fallback: "Fallback chain",
  cheapest: "Cheapest capable model",
  reject: "Reject",
  cascade: "Cascade (escalate on gates)",
  weighted: "Weighted split",
  score_band: "Score band (difficulty → tier)",
  latency_sla: "Latency SLA",
} as const;
export type ActionKind = keyof typeof ACTION_LABELS;
export const ACTION_KINDS = Object.keys(ACTION_LABELS) as readonly ActionKind[];

/** Strategies whose action may set `hedgeAfterMs` (a cascade's gated stages are never hedged). */
export const HEDGE_ACTION_KINDS: readonly ActionKind[] = ACTION_KINDS.filter(
  (k) => k !== "cascade" && k !== "reject",
);

/** A fresh action of `kind`, using `model` where it needs one. */
export function actionTemplate(kind: ActionKind, model: string): JsonObject {
  switch (kind) {
    case "single":
      return { strategy: "single", model };
    case "fallback":
      return { strategy: "fallback", chain: "" };
    case "cheapest":
      return { strategy: "cheapest", minTier: "small" };
    case "reject":
      return { strategy: "reject", message: "This route does not serve these requests." };
    case "cascade":
      return {
        strategy: "cascade",
        stages: [newCascadeStage(model, true), newCascadeStage(model)],
      };
    case "weighted":
      return { strategy: "weighted", variants: [newVariant(model, 90), newVariant(model, 10)] };
    case "score_band":
      return {
        strategy: "score_band",
        bands: [
          { upTo: 0.5, tier: "small" },
          { upTo: 1, tier: "large" },
        ],
      };
    case "latency_sla":
      return { strategy: "latency_sla", p95Ms: 2000 };
  }
}

/** A cascade stage; every stage but the last usually checks at least that the answer is non-empty. */
export function newCascadeStage(model: string, nonEmpty = false): JsonObject {
  return { model, gates: nonEmpty ? { nonEmpty: true } : {} };
}

/** A weighted-split variant. */
export function newVariant(model: string, weight = 10): JsonObject {
  return { model, weight };
}

/**
 * Bands after adding one: the new band takes the top (`upTo: 1`, the next tier up) and the old
 * last band now ends halfway between its predecessor and 1, so the bands stay increasing.
 */
export function appendBand(bands: readonly JsonObject[]): JsonObject[] {
  const last = bands[bands.length - 1];
  if (!last) return [{ upTo: 1, tier: "small" }];
  const before = bands.length > 1 ? Number(bands[bands.length - 2]?.upTo ?? 0) : 0;
  const tiers = ModelTierSchema.options;
  const at = tiers.indexOf(last.tier as ModelTier);
  const tier: ModelTier = tiers[Math.min(at + 1, tiers.length - 1)] ?? "large";
  const mid = Math.round(((Number.isFinite(before) ? before : 0) + 1) * 50) / 100;
  return [...bands.slice(0, -1), { ...last, upTo: mid }, { upTo: 1, tier }];
}
