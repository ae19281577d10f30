import { anthropicAdapter } from "./anthropic";
import { openAiCompatibleAdapter } from "./openai-compatible";
import { withChoiceFanOut } from "./fan-out";
import { providerFeatures } from "./features";
import { simulatorAdapter } from "./simulator/adapter";
import type { ProviderAdapter } from "./types";
import type { ProviderKind } from "@/lib/vocabulary";

export * from "./errors";
export type * from "@/lib/schemas/openai-chat";
export type * from "./types";
export { checkUpstreamUrl, closeHttpPool, isPrivateAddress } from "./transport";
export { countPromptTokens } from "./usage";
export { createUsageChunk } from "./usage-chunk";
export { choicesOf, providerFeatures, type ProviderFeatures } from "./features";
export { anthropicAdapter, openAiCompatibleAdapter, simulatorAdapter };

/** Kinds that answer one choice per call get `n > 1` by fan-out (`fan-out.ts`). */
const withChoices = (adapter: ProviderAdapter): ProviderAdapter =>
  providerFeatures(adapter.kind).nativeChoices ? adapter : withChoiceFanOut(adapter);

const ADAPTERS: Record<ProviderKind, ProviderAdapter> = {
  openai_compatible: withChoices(openAiCompatibleAdapter),
  anthropic: withChoices(anthropicAdapter),
  simulator: withChoices(simulatorAdapter),
};

/** The adapter for a provider kind (exhaustive over the closed set). */
export function getAdapter(kind: ProviderKind): ProviderAdapter {
  return ADAPTERS[kind];
}
