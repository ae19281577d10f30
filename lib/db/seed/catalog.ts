import type { ModelTier } from "../generated/enums";

/**
 * The seed registry as plain data. Naming scheme (see docs): the demo's routable models are
 * served by the built-in simulator under their real names (`gpt-4o-mini`, `claude-sonnet-4`) at
 * the real published prices, so the demo works with no keys; the real upstreams carry disabled
 * twins prefixed by provider (`openai/gpt-4o-mini`, `anthropic/claude-sonnet-4`) that show how a
 * real entry looks and become usable once a credential is set and they are enabled.
 */
export type ModelFamily = "openai" | "anthropic";

/**
 * How the simulator serves one model (the per-model fields of lib/providers/simulator/settings.ts);
 * the same numbers drive the generated history's latencies.
 */
export interface SimulatedModel {
  /** Time to first token, median, in ms. */
  ttftMs: number;
  /** Time per output token after the first, ms. */
  msPerToken: number;
  /** Fraction of calls that fail before any token (0..1). */
  errorRate: number;
  /** Answer quality in 0..1 (below 1 some answers hedge, so cascade gates escalate). */
  quality: number;
}

export interface CatalogModel {
  /** The public slug of the simulated model; the disabled real twin is `<family>/<key>`. */
  key: string;
  family: ModelFamily;
  upstreamName: string;
  displayName: string;
  /** USD per million tokens, as published by the vendor. */
  inputPrice: string;
  outputPrice: string;
  /** Cached-input (prompt cache read) price, where published. */
  cachedInputPrice: string | null;
  contextWindow: number;
  maxOutputTokens: number;
  capabilities: string[];
  tier: ModelTier;
  declaredLatencyMs: number;
  tokenizer: string;
  sim: SimulatedModel;
}

const OPENAI_CAPS = ["tools", "vision", "json", "json_schema", "streaming"];
const LONG = [...OPENAI_CAPS, "long_context"];

/** Published list prices (USD per 1M tokens) and limits, checked against the vendors' pages. */
export const CATALOG_MODELS: readonly CatalogModel[] = [
  {
    key: "gpt-4.1-nano",
    family: "openai",
    upstreamName: "gpt-4.1-nano",
    displayName: "GPT-4.1 nano",
    inputPrice: "0.10",
    outputPrice: "0.40",
    cachedInputPrice: "0.025",
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    capabilities: LONG,
    tier: "small",
    declaredLatencyMs: 450,
    tokenizer: "o200k_base",
    sim: { ttftMs: 180, msPerToken: 6.2, quality: 0.62, errorRate: 0.006 },
  },
  {
    key: "gpt-4o-mini",
    family: "openai",
    upstreamName: "gpt-4o-mini",
    displayName: "GPT-4o mini",
    inputPrice: "0.15",
    outputPrice: "0.60",
    cachedInputPrice: "0.075",
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities: OPENAI_CAPS,
    tier: "small",
    declaredLatencyMs: 600,
    tokenizer: "o200k_base",
    sim: { ttftMs: 240, msPerToken: 9.1, quality: 0.7, errorRate: 0.008 },
  },
  {
    key: "gpt-4.1-mini",
    family: "openai",
    upstreamName: "gpt-4.1-mini",
    displayName: "GPT-4.1 mini",
    inputPrice: "0.40",
    outputPrice: "1.60",
    cachedInputPrice: "0.10",
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    capabilities: LONG,
    tier: "medium",
    declaredLatencyMs: 700,
    tokenizer: "o200k_base",
    sim: { ttftMs: 280, msPerToken: 10.5, quality: 0.78, errorRate: 0.008 },
  },
  {
    key: "o4-mini",
    family: "openai",
    upstreamName: "o4-mini",
    displayName: "o4-mini",
    inputPrice: "1.10",
    outputPrice: "4.40",
    cachedInputPrice: "0.275",
    contextWindow: 200_000,
    maxOutputTokens: 100_000,
    capabilities: [...OPENAI_CAPS, "reasoning"],
    tier: "medium",
    declaredLatencyMs: 3500,
    tokenizer: "o200k_base",
    sim: { ttftMs: 2200, msPerToken: 8.3, quality: 0.86, errorRate: 0.01 },
  },
  {
    key: "gpt-4o",
    family: "openai",
    upstreamName: "gpt-4o",
    displayName: "GPT-4o",
    inputPrice: "2.50",
    outputPrice: "10.00",
    cachedInputPrice: "1.25",
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities: OPENAI_CAPS,
    tier: "large",
    declaredLatencyMs: 1100,
    tokenizer: "o200k_base",
    sim: { ttftMs: 380, msPerToken: 12.5, quality: 0.85, errorRate: 0.01 },
  },
  {
    key: "gpt-4.1",
    family: "openai",
    upstreamName: "gpt-4.1",
    displayName: "GPT-4.1",
    inputPrice: "2.00",
    outputPrice: "8.00",
    cachedInputPrice: "0.50",
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    capabilities: LONG,
    tier: "large",
    declaredLatencyMs: 1200,
    tokenizer: "o200k_base",
    sim: { ttftMs: 420, msPerToken: 13.3, quality: 0.88, errorRate: 0.01 },
  },
  {
    key: "claude-3-5-haiku",
    family: "anthropic",
    upstreamName: "claude-3-5-haiku-20241022",
    displayName: "Claude 3.5 Haiku",
    inputPrice: "0.80",
    outputPrice: "4.00",
    cachedInputPrice: "0.08",
    contextWindow: 200_000,
    maxOutputTokens: 8_192,
    capabilities: ["tools", "json", "streaming"],
    tier: "small",
    declaredLatencyMs: 800,
    tokenizer: "claude",
    sim: { ttftMs: 420, msPerToken: 15.4, quality: 0.72, errorRate: 0.012 },
  },
  {
    key: "claude-sonnet-4",
    family: "anthropic",
    upstreamName: "claude-sonnet-4-20250514",
    displayName: "Claude Sonnet 4",
    inputPrice: "3.00",
    outputPrice: "15.00",
    cachedInputPrice: "0.30",
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: ["tools", "vision", "json", "reasoning", "streaming"],
    tier: "large",
    declaredLatencyMs: 1800,
    tokenizer: "claude",
    sim: { ttftMs: 900, msPerToken: 16.7, quality: 0.9, errorRate: 0.012 },
  },
  {
    key: "claude-opus-4",
    family: "anthropic",
    upstreamName: "claude-opus-4-20250514",
    displayName: "Claude Opus 4",
    inputPrice: "15.00",
    outputPrice: "75.00",
    cachedInputPrice: "1.50",
    contextWindow: 200_000,
    maxOutputTokens: 32_000,
    capabilities: ["tools", "vision", "json", "reasoning", "streaming"],
    tier: "frontier",
    declaredLatencyMs: 3500,
    tokenizer: "claude",
    sim: { ttftMs: 1600, msPerToken: 26.3, quality: 0.95, errorRate: 0.015 },
  },
];

/** Looks a catalog model up by key; throws on a typo in seed data. */
export function findCatalogModel(key: string): CatalogModel {
  const found = CATALOG_MODELS.find((m) => m.key === key);
  if (!found) throw new Error(`seed catalog has no model "${key}"`);
  return found;
}
