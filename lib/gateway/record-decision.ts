/**
 * The request's trail (what happened, filled as the pipeline runs) and its conversion into the
 * one `DecisionRecord` per authenticated request. Requests refused before authentication (401)
 * have no tenant and produce no record; they are answered and counted, not logged.
 */
import { hash } from "node:crypto";
import { NativeDate } from "@/lib/clock";
import {
  computeCostUsd,
  type PlanStep,
  type RegistryModel,
  type RequestFeatures,
  type RoutingDecision,
} from "@/lib/router";
import type { DecisionRecord, DecisionStatus, JsonValue } from "@/lib/decision-log/decision-record";
import type { ReplayInputs } from "@/lib/decision-log/replay-inputs";
import type { Principal } from "./authenticate-key";
import { createExecutionLog } from "./execute-plan";
import type { ExecutionLog } from "./execution-types";
import { summarizeFeatures } from "./summarize-features";

export interface RequestTrail {
  decisionId: string;
  requestId: string;
  receivedAt: number;
  principal: Principal | null;
  endUserId: string | null;
  features: RequestFeatures | null;
  /** What else the engine read (route decisions), stored with the features for the dry run. */
  replay: ReplayInputs | null;
  decision: RoutingDecision | null;
  log: ExecutionLog;
  streamed: boolean;
  finalStep: PlanStep | null;
  status: DecisionStatus;
  errorClass: string | null;
  httpStatus: number;
  ttftMs: number | null;
  usageEstimated: boolean;
  promptHash: string | null;
  content: JsonValue | null;
}

export function startTrail(
  requestId: string,
  decisionId: string,
  receivedAt: number,
): RequestTrail {
  return {
    decisionId,
    requestId,
    receivedAt,
    principal: null,
    endUserId: null,
    features: null,
    replay: null,
    decision: null,
    log: createExecutionLog(),
    streamed: false,
    finalStep: null,
    status: "rejected",
    errorClass: null,
    httpStatus: 500,
    ttftMs: null,
    usageEstimated: false,
    promptHash: null,
    content: null,
  };
}

/** sha256 of the messages as sent (the text itself is kept only with content capture). */
export function hashPrompt(messages: unknown): string {
  return hash("sha256", JSON.stringify(messages), "hex");
}

/** Total cost so far: every attempt that consumed tokens is billed. */
export function sumCostUsd(trail: RequestTrail): number {
  let total = 0;
  for (const a of trail.log.attempts) total += a.costUsd;
  return total;
}

export function buildDecisionRecord(
  trail: RequestTrail,
  models: ReadonlyMap<string, RegistryModel>,
  now: number,
): DecisionRecord {
  const decision = trail.decision;
  const trace = decision?.trace ?? null;
  let inputTokens = 0;
  let outputTokens = 0;
  let cachedTokens = 0;
  for (const a of trail.log.attempts) {
    inputTokens += a.inputTokens;
    outputTokens += a.outputTokens;
    cachedTokens += a.cachedTokens;
  }
  const costUsd = sumCostUsd(trail);
  const final = trail.log.attempts.findLast((a) => a.outcome === "success");
  const baselineSlug = decision?.kind === "routed" ? decision.baselineModel : null;
  const baseline = baselineSlug ? models.get(baselineSlug) : undefined;
  const baselineCostUsd =
    baseline && final
      ? computeCostUsd(baseline, {
          inputTokens: final.inputTokens,
          outputTokens: final.outputTokens,
          cachedInputTokens: final.cachedTokens,
        })
      : 0;
  return {
    id: trail.decisionId,
    requestId: trail.requestId,
    createdAt: new NativeDate(trail.receivedAt),
    tenantId: trail.principal?.tenant.id ?? null,
    apiKeyId: trail.principal?.keyId ?? null,
    endUserId: trail.features?.metadata.endUserId ?? trail.endUserId,
    // Client text never becomes a route label (it feeds rollups and metrics): a request refused
    // before the engine decided (unknown model, parse error) has no route.
    routeSlug: trace?.usedRoute ?? "",
    policyVersionId: trace?.policyVersion?.id ?? null,
    policyVersion: trace?.policyVersion?.version ?? null,
    ruleMatched: trace?.matchedRule ?? null,
    strategy: decision?.kind === "routed" ? decision.plan.strategy : "rejected",
    features: trail.features ? summarizeFeatures(trail.features, trail.replay) : {},
    trace: (trace ?? null) as unknown as JsonValue,
    gateResults: trail.log.gateResults,
    escalated: trail.log.escalated,
    fellBack: trail.log.fellBack,
    streamed: trail.streamed,
    finalModel: trail.finalStep?.model ?? null,
    finalProvider: trail.finalStep?.provider ?? null,
    status: trail.status,
    errorClass: trail.errorClass,
    httpStatus: trail.httpStatus,
    latencyMs: Math.max(0, Math.round(now - trail.receivedAt)),
    ttftMs: trail.ttftMs,
    inputTokens,
    outputTokens,
    cachedTokens,
    usageEstimated: trail.usageEstimated,
    costUsd,
    baselineCostUsd,
    savingsUsd: baseline && final ? baselineCostUsd - costUsd : 0,
    promptHash: trail.promptHash,
    content: trail.content,
    isDemo: trail.principal?.tenant.isDemo ?? false,
    attempts: trail.log.attempts,
  };
}

/**
 * The `x-switchboard-*` headers every answer carries. Only names the gateway knows go into them
 * (the route used is a configured slug): the requested model is client text, which in a header
 * could be any length or hold characters a header cannot carry.
 */
export function buildGatewayHeaders(trail: RequestTrail): Record<string, string> {
  const trace = trail.decision?.trace;
  return {
    "x-request-id": trail.requestId,
    "x-switchboard-decision-id": trail.decisionId,
    "x-switchboard-route": trace?.usedRoute ?? "",
    "x-switchboard-policy-version": trace?.policyVersion ? String(trace.policyVersion.version) : "",
    "x-switchboard-model": trail.finalStep?.model ?? "",
    "x-switchboard-attempts": String(trail.log.attempts.length),
    "x-switchboard-cost-usd": sumCostUsd(trail).toFixed(8),
  };
}
