/** Adapter lookup by provider kind (the registry lives in lib/providers). */
import { getAdapter } from "@/lib/providers";
import type { ProviderAdapter } from "@/lib/providers/types";
import type { ProviderKind } from "@/lib/vocabulary";

/** The adapter for a kind, or null when this build has none. */
export function resolveProviderAdapter(kind: ProviderKind): ProviderAdapter | null {
  return getAdapter(kind) ?? null;
}
