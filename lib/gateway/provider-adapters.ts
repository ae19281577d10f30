/**
 * Adapter lookup by provider kind. (lib/providers has no registry of its own yet; the simulator
 * adapter plugs in here when it lands.)
 */
import { anthropicAdapter } from "@/lib/providers/anthropic";
import { openAiCompatibleAdapter } from "@/lib/providers/openai-compatible";
import type { ProviderAdapter, ProviderKind } from "@/lib/providers/types";

const ADAPTERS: Partial<Record<ProviderKind, ProviderAdapter>> = {
  openai_compatible: openAiCompatibleAdapter,
  anthropic: anthropicAdapter,
};

/** The adapter for a kind, or null when this build has none. */
export function resolveProviderAdapter(kind: ProviderKind): ProviderAdapter | null {
  return ADAPTERS[kind] ?? null;
}
