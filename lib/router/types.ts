/**
 * Value types of the routing engine: the registry, tenant and health the gateway hands in, and the
 * injected context. The gateway maps database rows to these. The route part of the snapshot is in
 * snapshot-types.ts and the decision in decision-types.ts, so the three never import each other
 * in a circle.
 */
import type { RequestFeatures } from "./features-types";
import type { Capability, ModelTier } from "@/lib/vocabulary";
import type { ProviderErrorClass, ProviderKind, TokenizerFamily } from "@/lib/vocabulary";

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
  triggers: readonly ProviderErrorClass[];
  deadlineMs: number;
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

/** The registry, tenant and health part of a snapshot (enough for direct-model requests). */
export interface RegistrySnapshot {
  models: ReadonlyMap<string, RegistryModel>;
  chains: ReadonlyMap<string, FallbackChain>;
  tenant: TenantSnapshot;
  health: ReadonlyMap<string, ModelHealth>;
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

/** Prices of a model in USD per million tokens (registry entries and plan steps carry them). */
export interface ModelPricing {
  inputPricePerMTok: number;
  outputPricePerMTok: number;
  cachedInputPricePerMTok: number | null;
}
