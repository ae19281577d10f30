import { anthropicAdapter } from "./anthropic";
import { openAiCompatibleAdapter } from "./openai-compatible";
import { simulatorAdapter } from "./simulator/adapter";
import type { ProviderAdapter, ProviderKind } from "./types";

export * from "./errors";
export type * from "./openai-types";
export type * from "./types";
export { checkUpstreamUrl, isPrivateAddress } from "./ssrf";
export { closeHttpPool } from "./http-pool";
export {
  countTokens,
  countTokensNow,
  estimateTokens,
  loadTokenizer,
  countPromptTokens,
} from "./usage";
export { createUsageChunk } from "./usage-chunk";
export { anthropicAdapter, openAiCompatibleAdapter, simulatorAdapter };

const ADAPTERS: Record<ProviderKind, ProviderAdapter> = {
  openai_compatible: openAiCompatibleAdapter,
  anthropic: anthropicAdapter,
  simulator: simulatorAdapter,
};

/** The adapter for a provider kind (exhaustive over the closed set). */
export function getAdapter(kind: ProviderKind): ProviderAdapter {
  return ADAPTERS[kind];
}
