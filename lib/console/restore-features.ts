/**
 * Rebuilds the engine's `RequestFeatures` from a decision's stored `features` JSON, read with the
 * tolerant `StoredFeaturesSchema` (lib/decision-log/features-summary.ts): the gateway's and the
 * seed's `FeaturesSummary`, and the flat shape of demo histories seeded before both agreed. Prompt
 * text is never stored, so content reads as empty: rules on keywords or regexes cannot be replayed.
 */
import "server-only";
import { StoredFeaturesSchema } from "@/lib/decision-log/features-summary";
import type { RequestFeatures } from "@/lib/router";

const EMPTY_CONTENT = { text: () => "", tokenText: () => "" };

/** Null when the JSON has no token estimate (nothing meaningful to replay). */
export function restoreFeatures(
  json: unknown,
  endUserId: string | null = null,
): RequestFeatures | null {
  const parsed = StoredFeaturesSchema.safeParse(json);
  if (!parsed.success) return null;
  const { hasJsonSchema: _sent, metadata, ...f } = parsed.data;
  return {
    ...f,
    jsonSchema: null,
    metadata: { ...metadata, endUserId: metadata.endUserId ?? endUserId },
    content: EMPTY_CONTENT,
  };
}
