/**
 * Rebuilds the engine's `RequestFeatures` from a decision's stored `features` JSON, read with the
 * tolerant `StoredFeaturesSchema` (lib/decision-log/features-summary.ts): the gateway's and the
 * seed's `FeaturesSummary`, and the flat shape of demo histories seeded before both agreed. Prompt
 * text is never stored: content reads as the active policy's keywords the prompt contained
 * (`replay.terms`), so keyword rules of that policy replay as decided, and other keyword or regex
 * rules cannot be replayed.
 */
import "server-only";
import { StoredFeaturesSchema } from "@/lib/decision-log/features-summary";
import type { ReplayInputs } from "@/lib/decision-log/replay-inputs";
import type { ContentAccessor, RequestFeatures } from "@/lib/router";

const EMPTY_CONTENT: ContentAccessor = { text: () => "", tokenText: () => "" };

export interface RestoredSample {
  features: RequestFeatures;
  /** What else the engine read at decision time; `{}` for rows recorded before it was kept. */
  replay: ReplayInputs;
}

/** Null when the JSON has no token estimate (nothing meaningful to replay). */
export function restoreSample(
  json: unknown,
  endUserId: string | null = null,
): RestoredSample | null {
  const parsed = StoredFeaturesSchema.safeParse(json);
  if (!parsed.success) return null;
  const { hasJsonSchema: _sent, metadata, replay = {}, ...f } = parsed.data;
  const terms = replay.terms?.join("\n") ?? "";
  const content: ContentAccessor =
    terms === "" ? EMPTY_CONTENT : { text: () => terms, tokenText: () => terms };
  return {
    features: {
      ...f,
      jsonSchema: null,
      metadata: { ...metadata, endUserId: metadata.endUserId ?? endUserId },
      content,
    },
    replay,
  };
}

/** The features alone (see `restoreSample`). */
export function restoreFeatures(
  json: unknown,
  endUserId: string | null = null,
): RequestFeatures | null {
  return restoreSample(json, endUserId)?.features ?? null;
}
