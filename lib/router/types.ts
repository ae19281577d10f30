/**
 * Value types of the routing engine: the snapshot the gateway hands in, the injected context, and
 * the decision (plan + explain trace) that comes out. The gateway maps database rows to these.
 */
import type { Capability, ModelTier } from "@/lib/schemas/policy";
import type { CompiledPolicy } from "./compiled-types";
import type { RequestFeatures } from "./features-types";
import type { GateSpec } from "./gate-types";

export type { Capability, ModelTier } from "@/lib/schemas/policy";
export type { RequestFeatures } from "./features-types";

/** Closed set of failure classes shared by providers, gateway and engine. */
export const ERROR_CLASSES = [
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
export type ErrorClass = (typeof ERROR_CLASSES)[number];

/** Kind of upstream adapter. Mirrors Prisma's `ProviderKind`. */
export type ProviderKind = "openai_compatible" | "anthropic" | "simulator";

/** Tokenizer families the engine can count exactly (gpt-tokenizer encodings). */
export type TokenizerFamily = "o200k_base" | "cl100k_base";

/** A registry entry: one upstream model served by one provider. */
export interface RegistryModel extends ModelPricing {
  slug: string;
  providerSlug: string;
  providerKind: ProviderKind;
  upstreamName: string;
  contextWindow: number;
  maxOutputTokens: number;
  capabilities: readonly Capability[];
  tier: ModelTier;
  declaredLatencyMs: number;
  /** Tokenizer family when known, for exact counts near the context window. */
  tokenizer: TokenizerFamily | null;
  enabled: boolean;
}

/** One ordered step of a fallback chain. */
export interface FallbackChainStep {
  modelSlug: string;
  timeoutMs: number;
  maxRetries: number;
}

/** A named, ordered list of models; `triggers` are the error classes that move to the next step. */
export interface FallbackChain {
  slug: string;
  steps: readonly FallbackChainStep[];
  triggers: readonly ErrorClass[];
  deadlineMs: number;
}

/** The route clients named in `model`. */
export interface RouteInfo {
  slug: string;
  /** Model whose price is the single-model baseline for savings. */
  baselineModelSlug: string | null;
  /** Rules may read prompt content only when this is on. */
  contentInspection: boolean;
}

/** A route with its compiled active policy version. */
export interface RouteSnapshot {
  route: RouteInfo;
  /** `null` when the route has no active version: every request is rejected. */
  policy: CompiledPolicy | null;
}

/** Budget state of a tenant: `soft` downgrades non-critical requests, `hard` rejects. */
export type BudgetState = "ok" | "soft" | "hard";

/** The tenant making the request. */
export interface TenantSnapshot {
  id: string;
  /** Model slugs this tenant may use; empty means all. */
  modelAllowlist: readonly string[];
  budget: { state: BudgetState; fractionSpent: number };
}

/** Circuit breaker state for one model. */
export type BreakerState = "closed" | "half_open" | "open";

/** Observed health of one model; absent models count as closed with declared latency. */
export interface ModelHealth {
  breaker: BreakerState;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  errorRate: number;
}

/**
 * The global rollback toggle. When enabled, the gateway puts the known-good route (and its
 * compiled policy) in `target`; the engine then decides with it instead of the requested route.
 */
export interface RollbackToggle {
  enabled: boolean;
  routeSlug: string | null;
  target: RouteSnapshot | null;
}

/** The registry, tenant and health part of a snapshot (enough for direct-model requests). */
export interface RegistrySnapshot {
  models: ReadonlyMap<string, RegistryModel>;
  chains: ReadonlyMap<string, FallbackChain>;
  tenant: TenantSnapshot;
  health: ReadonlyMap<string, ModelHealth>;
}

/** Everything the engine reads to decide one route request. Immutable; cache per version. */
export interface RoutingSnapshot extends RegistrySnapshot {
  route: RouteSnapshot;
  rollback: RollbackToggle;
}

/** Injected sources of nondeterminism and optional helpers. */
export interface RoutingContext {
  /** Epoch milliseconds "now". */
  now: () => number;
  /** Uniform random number in [0, 1). */
  random: () => number;
  /** Exact token counter (see `loadTokenCounter`); without it the calibrated estimate is used. */
  countTokens?: (text: string, family: TokenizerFamily) => number;
  /** Difficulty scorer for score bands; defaults to the built-in heuristic. */
  scorer?: DifficultyScorer;
}

/** Maps request features to a difficulty in [0, 1]. A trained classifier can implement it. */
export interface DifficultyScorer {
  readonly name: string;
  score(features: RequestFeatures): number;
}

/** Why a candidate model was dropped. */
export type DropReason =
  | "unknown_model"
  | "disabled"
  | "missing_capability"
  | "context_window_too_small"
  | "max_output_too_small"
  | "not_in_allowlist"
  | "breaker_open"
  | "below_min_tier"
  | "over_latency_sla";

/** One dropped candidate in the trace. */
export interface DroppedCandidate {
  model: string;
  reason: DropReason;
  detail?: string;
}

/** Strategy that produced the plan. */
export type StrategyKind =
  | "single"
  | "fallback"
  | "cascade"
  | "weighted"
  | "score_band"
  | "latency_sla"
  | "cheapest"
  | "reject";

/** Prices of a model in USD per million tokens (registry entries and plan steps carry them). */
export interface ModelPricing {
  inputPricePerMTok: number;
  outputPricePerMTok: number;
  cachedInputPricePerMTok: number | null;
}

/** One attempt target in the plan; carries prices so the plan alone prices a worst case. */
export interface PlanStep extends ModelPricing {
  model: string;
  maxOutputTokens: number;
  tier: ModelTier;
  provider: string;
  providerKind: ProviderKind;
  upstreamName: string;
  timeoutMs: number;
  maxRetries: number;
  /** Error classes after which the gateway moves to the next step. */
  moveOnErrors: readonly ErrorClass[];
  /** Cascade stages only: answers failing these gates escalate to the next step. */
  gates: GateSpec | null;
}

/** The ordered plan the gateway executes. */
export interface RoutingPlan {
  strategy: StrategyKind;
  steps: readonly PlanStep[];
  /** Overall deadline for all steps. */
  deadlineMs: number;
}

/** Trace of one condition evaluation. `path` locates it in the rule, e.g. `when.all[1]`. */
export interface ConditionTrace {
  path: string;
  kind: string;
  held: boolean;
  /** Why a condition could not be evaluated, e.g. content inspection is off. */
  note?: string;
}

/** Trace of one rule. Conditions are the ones evaluated (combinators short-circuit). */
export interface RuleTrace {
  ruleId: string;
  matched: boolean;
  conditions: ConditionTrace[];
}

/** An override applied after the policy chose. */
export type OverrideKind =
  "rollback" | "budget_soft_downgrade" | "larger_context" | "default_after_empty_rule";

/** The explain trace returned with every decision. */
export interface ExplainTrace {
  requestedRoute: string;
  usedRoute: string;
  policyVersion: { id: string; version: number } | null;
  rules: RuleTrace[];
  matchedRule: string | null;
  strategy: StrategyKind | null;
  /** Free-form strategy details (e.g. weighted bucket, difficulty score, SLA). */
  strategyDetail: Record<string, string | number | boolean>;
  dropped: DroppedCandidate[];
  overrides: { kind: OverrideKind; detail: string }[];
}

/** OpenAI-compatible error carried by a rejection. */
export interface RejectionError {
  code:
    | "budget_exceeded"
    | "context_length_exceeded"
    | "no_model_available"
    | "route_unavailable"
    | "model_not_found"
    | "policy_rejected";
  message: string;
  type: "invalid_request_error" | "insufficient_quota" | "server_error";
  httpStatus: number;
}

/** The engine's answer for one request. */
export type RoutingDecision =
  | {
      kind: "routed";
      plan: RoutingPlan;
      baselineModel: string | null;
      trace: ExplainTrace;
    }
  | { kind: "rejected"; error: RejectionError; trace: ExplainTrace };
