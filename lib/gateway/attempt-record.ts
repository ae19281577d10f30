/** Building the per-attempt entries of the decision record. */
import { NativeDate } from "@/lib/clock";
import type { Usage } from "@/lib/providers/types";
import { computeCostUsd, type PlanStep } from "@/lib/router";
import type { AttemptKind, DecisionAttemptRecord } from "@/lib/decision-log/decision-record";

/** Starts an attempt entry; the executor completes it when the attempt ends. */
export function startAttemptRecord(
  position: number,
  kind: AttemptKind,
  step: PlanStep,
  startedAt: number,
): DecisionAttemptRecord {
  return {
    position,
    kind,
    model: step.model,
    provider: step.provider,
    startedAt: new NativeDate(startedAt),
    ttftMs: null,
    durationMs: 0,
    outcome: "cancelled",
    errorClass: null,
    httpStatus: null,
    inputTokens: 0,
    outputTokens: 0,
    cachedTokens: 0,
    costUsd: 0,
    gate: null,
  };
}

/** Writes usage and its cost (priced on the step's model) into an attempt entry. */
export function applyAttemptUsage(
  record: DecisionAttemptRecord,
  step: PlanStep,
  usage: Usage,
): void {
  record.inputTokens = usage.inputTokens;
  record.outputTokens = usage.outputTokens;
  record.cachedTokens = usage.cachedTokens;
  record.costUsd = computeCostUsd(step, {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cachedInputTokens: usage.cachedTokens,
  });
}
