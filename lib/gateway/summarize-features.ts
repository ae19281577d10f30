/**
 * The request features as the decision record keeps them (`FeaturesSummary`, the contract in
 * lib/decision-log/features-summary.ts): no prompt text, no schema body.
 */
import type { FeaturesSummary } from "@/lib/decision-log/features-summary";
import type { ReplayInputs } from "@/lib/decision-log/replay-inputs";
import type { RequestFeatures } from "@/lib/router";

/** The engine's features minus what is never stored, plus whether a JSON schema was sent. */
type Summarized = Omit<RequestFeatures, "content" | "jsonSchema"> & {
  hasJsonSchema: boolean;
  replay?: ReplayInputs;
};

// Compile-time guard: a feature field added to the engine but not to the stored contract (or the
// reverse) is a type error here, not a silently missing or unparsable field in stored rows.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const SAME_FIELDS: Same<Summarized, FeaturesSummary> = true;
void SAME_FIELDS;

/**
 * A JSON-safe summary of the features for the decision record. Fields are listed one by one (with
 * the guard above, a new feature field is a compile error here): rest/spread copying ran on a
 * generic slow path and cost ~1% of the fast path's CPU. Arrays are the engine's, not copies.
 */
export function summarizeFeatures(
  f: RequestFeatures,
  replay: ReplayInputs | null = null,
): FeaturesSummary {
  const summary: FeaturesSummary = {
    estimatedInputTokens: f.estimatedInputTokens,
    overheadTokens: f.overheadTokens,
    maxOutputTokens: f.maxOutputTokens,
    messageCount: f.messageCount,
    conversationTurns: f.conversationTurns,
    hasTools: f.hasTools,
    hasImages: f.hasImages,
    responseFormat: f.responseFormat,
    stream: f.stream,
    requiredCapabilities: f.requiredCapabilities,
    metadata: f.metadata,
    hasJsonSchema: f.jsonSchema !== null,
  };
  if (replay) summary.replay = replay;
  return summary;
}
