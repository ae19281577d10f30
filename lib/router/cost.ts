/** Cost arithmetic shared by the engine (ordering), the gateway (reservations) and telemetry. */
import type { RequestFeatures } from "./features-types";
import { ESTIMATE_MARGIN } from "@/lib/tokens";
import type { RoutingPlan } from "./decision-types";
import type { ModelPricing } from "./types";

/** Token usage of one attempt. `cachedInputTokens` is part of `inputTokens`. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
}

/** Actual cost in USD; cached input tokens bill at the cached price when the model has one. */
export function computeCostUsd(model: ModelPricing, usage: TokenUsage): number {
  const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  const cachedPrice = model.cachedInputPricePerMTok ?? model.inputPricePerMTok;
  return (
    ((usage.inputTokens - cached) * model.inputPricePerMTok +
      cached * cachedPrice +
      usage.outputTokens * model.outputPricePerMTok) /
    1_000_000
  );
}

/**
 * The most a plan can cost: every step, every retry, the input estimate plus its margin and the
 * full output allowance (requested max, else the model's max output). Cascades and fallbacks may
 * run several steps, so all are summed. `choices` answers (`n`) cost that many times as much: a
 * provider without native `n` is called once per answer, each paying for the prompt. The gateway
 * reserves this and settles the actual cost.
 */
export function estimateWorstCaseCostUsd(
  plan: RoutingPlan,
  features: RequestFeatures,
  choices = 1,
): number {
  const input = Math.ceil(features.estimatedInputTokens * (1 + ESTIMATE_MARGIN));
  let total = 0;
  for (const step of plan.steps) {
    const output = Math.min(features.maxOutputTokens ?? step.maxOutputTokens, step.maxOutputTokens);
    total +=
      (1 + step.maxRetries) * computeCostUsd(step, { inputTokens: input, outputTokens: output });
  }
  return total * choices;
}

/** Expected cost of serving these features on a model (for "cheapest" ordering). */
export function estimateExpectedCostUsd(
  model: ModelPricing,
  features: RequestFeatures,
  outputReserve: number,
): number {
  const output = features.maxOutputTokens ?? outputReserve;
  return computeCostUsd(model, {
    inputTokens: features.estimatedInputTokens,
    outputTokens: output,
  });
}
