/**
 * Every closed set of the domain, declared once. TypeScript unions are derived here and zod enums
 * in lib/schemas (`z.enum(X)`); nothing else spells the members out. The sets that are Prisma
 * enums too are checked against the schema by lib/db/vocabulary.test.ts, so changing one side
 * without the other fails the unit tests. Base layer: imports nothing.
 */

/**
 * Upstream failure classes. Fallback chains name these as triggers, breakers count them, and the
 * decision record stores them; adding one is a schema-level change.
 */
export const PROVIDER_ERROR_CLASSES = [
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
] as const;
/** One failure class of an upstream attempt. */
export type ProviderErrorClass = (typeof PROVIDER_ERROR_CLASSES)[number];

/** Upstream wire protocols, one adapter each (Prisma enum `ProviderKind`). */
export const PROVIDER_KINDS = ["openai_compatible", "anthropic", "simulator"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** Model tiers, cheapest first (Prisma enum `ModelTier`). */
export const MODEL_TIERS = ["small", "medium", "large", "frontier"] as const;
export type ModelTier = (typeof MODEL_TIERS)[number];

/** Model capabilities (a string array column: the database does not close this set). */
export const CAPABILITIES = [
  "tools",
  "vision",
  "json",
  "json_schema",
  "reasoning",
  "long_context",
  "streaming",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Request priority; only `critical` requests escape the soft-budget downgrade. */
export const PRIORITIES = ["low", "normal", "high", "critical"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Latency class declared by the client. */
export const LATENCY_CLASSES = ["interactive", "batch"] as const;
export type LatencyClass = (typeof LATENCY_CLASSES)[number];

/** Budget windows (Prisma enum `BudgetPeriod`). */
export const BUDGET_PERIODS = ["daily", "monthly"] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/** Operator roles, weakest first (Prisma enum `OperatorRole`). */
export const OPERATOR_ROLES = ["viewer", "editor", "admin"] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** Final status of a request (Prisma enum `DecisionStatus`). */
export const DECISION_STATUSES = [
  "success",
  "upstream_error",
  "mid_stream_failure",
  "rejected",
  "client_closed",
] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** Tokenizer families the engine can count exactly (gpt-tokenizer encodings). */
export const TOKENIZER_FAMILIES = ["o200k_base", "cl100k_base"] as const;
export type TokenizerFamily = (typeof TOKENIZER_FAMILIES)[number];

/** Value types of a route's quality metric (Prisma enum `MetricType`). */
export const METRIC_TYPES = ["boolean", "number", "category"] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

/**
 * Who reported an outcome (Prisma enum `FeedbackSource`): the end user, an automated evaluator
 * (a judge model, a test), or a human reviewer. Feedback is idempotent per (decision, metric,
 * source), so the same metric can hold one value of each.
 */
export const FEEDBACK_SOURCES = ["user", "evaluator", "operator"] as const;
export type FeedbackSource = (typeof FEEDBACK_SOURCES)[number];

/** True when `value` is a member of `set` (narrows it). */
export function isMember<T extends string>(set: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (set as readonly string[]).includes(value);
}
