/** Adapter lookup by provider kind (the registry lives in lib/providers). */
import { getAdapter } from "@/lib/providers";
import type { ProviderAdapter, ProviderKind } from "@/lib/providers/types";

/** The adapter for a kind, or null when this build has none. */
export function resolveProviderAdapter(kind: ProviderKind): ProviderAdapter | null {
  return getAdapter(kind) ?? null;
}
