import type { GateSpecDocument } from "@/lib/schemas/policy";
import type { JsonSchema } from "@/lib/schemas/openai-chat";

/**
 * Gates of one cascade stage as carried in the plan: the policy's spec plus the request's JSON
 * schema (when `jsonSchema` gating is on and the request sent one). Plain data, JSON-safe.
 */
export interface GateSpec extends GateSpecDocument {
  schema: JsonSchema | null;
}

/** Names of the individual gate checks. */
export type GateName =
  | "non_empty"
  | "min_length"
  | "max_length"
  | "refusal"
  | "json"
  | "json_schema"
  | "required_fields"
  | "mean_logprob";

/**
 * Outcome of one gate. `skipped` gates pass (e.g. no logprobs returned by the provider). `detail`
 * is the measured value (length, mean logprob) or why it failed; `threshold` the bound it was held
 * to, recorded so the decision page shows both without the policy version at hand.
 */
export interface GateResult {
  gate: GateName;
  passed: boolean;
  skipped?: boolean;
  detail?: string;
  threshold?: string;
}

/** The answer a cascade stage produced, as the gateway saw it. */
export interface StageAnswer {
  text: string;
  /** Mean token log-probability when the provider returned logprobs. */
  meanLogprob?: number | null;
}
