/**
 * The registry and fallback chains the example policies refer to. Seeds can reuse these slugs;
 * tests build snapshots from them.
 */
import type { FallbackChain, RegistryModel } from "@/lib/router";

type ModelInput = Omit<RegistryModel, "enabled" | "cachedInputPricePerMTok" | "tokenizer"> &
  Partial<Pick<RegistryModel, "enabled" | "cachedInputPricePerMTok" | "tokenizer">>;

function defineModel(input: ModelInput): RegistryModel {
  return { enabled: true, cachedInputPricePerMTok: null, tokenizer: null, ...input };
}

const ALL = ["tools", "json", "json_schema", "streaming"] as const;

/** Example registry: two real-provider families plus the built-in simulator. */
export const exampleModels: readonly RegistryModel[] = [
  defineModel({
    slug: "gpt-4o-mini",
    providerSlug: "openai",
    providerKind: "openai_compatible",
    upstreamName: "gpt-4o-mini",
    inputPricePerMTok: 0.15,
    outputPricePerMTok: 0.6,
    cachedInputPricePerMTok: 0.075,
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities: [...ALL, "vision"],
    tier: "small",
    declaredLatencyMs: 700,
    tokenizer: "o200k_base",
  }),
  defineModel({
    slug: "gpt-4.1-mini",
    providerSlug: "openai",
    providerKind: "openai_compatible",
    upstreamName: "gpt-4.1-mini",
    inputPricePerMTok: 0.4,
    outputPricePerMTok: 1.6,
    contextWindow: 1_000_000,
    maxOutputTokens: 32_768,
    capabilities: [...ALL, "vision", "long_context"],
    tier: "medium",
    declaredLatencyMs: 900,
    tokenizer: "o200k_base",
  }),
  defineModel({
    slug: "gpt-4o",
    providerSlug: "openai",
    providerKind: "openai_compatible",
    upstreamName: "gpt-4o",
    inputPricePerMTok: 2.5,
    outputPricePerMTok: 10,
    cachedInputPricePerMTok: 1.25,
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities: [...ALL, "vision"],
    tier: "large",
    declaredLatencyMs: 1200,
    tokenizer: "o200k_base",
  }),
  defineModel({
    slug: "o3",
    providerSlug: "openai",
    providerKind: "openai_compatible",
    upstreamName: "o3",
    inputPricePerMTok: 2,
    outputPricePerMTok: 8,
    contextWindow: 200_000,
    maxOutputTokens: 100_000,
    capabilities: [...ALL, "reasoning", "vision"],
    tier: "frontier",
    declaredLatencyMs: 8000,
    tokenizer: "o200k_base",
  }),
  defineModel({
    slug: "claude-haiku",
    providerSlug: "anthropic",
    providerKind: "anthropic",
    upstreamName: "claude-3-5-haiku-latest",
    inputPricePerMTok: 0.8,
    outputPricePerMTok: 4,
    contextWindow: 200_000,
    maxOutputTokens: 8_192,
    capabilities: ["tools", "json", "streaming"],
    tier: "small",
    declaredLatencyMs: 800,
  }),
  defineModel({
    slug: "claude-sonnet",
    providerSlug: "anthropic",
    providerKind: "anthropic",
    upstreamName: "claude-sonnet-4-0",
    inputPricePerMTok: 3,
    outputPricePerMTok: 15,
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: ["tools", "json", "streaming", "vision", "reasoning"],
    tier: "large",
    declaredLatencyMs: 1500,
  }),
  defineModel({
    slug: "sim-small",
    providerSlug: "simulator",
    providerKind: "simulator",
    upstreamName: "sim-small",
    inputPricePerMTok: 0.05,
    outputPricePerMTok: 0.1,
    contextWindow: 8_192,
    maxOutputTokens: 2_048,
    capabilities: ["json", "streaming"],
    tier: "small",
    declaredLatencyMs: 50,
  }),
];

/** Example fallback chains. */
export const exampleChains: readonly FallbackChain[] = [
  {
    slug: "openai-then-anthropic",
    steps: [
      { modelSlug: "gpt-4o", timeoutMs: 20_000, maxRetries: 1 },
      { modelSlug: "claude-sonnet", timeoutMs: 30_000, maxRetries: 0 },
      { modelSlug: "gpt-4o-mini", timeoutMs: 15_000, maxRetries: 0 },
    ],
    triggers: ["timeout", "connect", "server_error", "rate_limited", "stream_interrupted"],
    deadlineMs: 60_000,
  },
];
