/**
 * `POST /v1/chat/completions`: authenticate → validate → decide (cached snapshots) → reserve the
 * worst case → run the plan (complete, or stream via `stream-response.ts`) → settle → record.
 * Every answer carries the `x-switchboard-*` headers; every authenticated request one decision.
 */
import { AppError, toOpenAIError } from "@/lib/errors";
import { choicesOf } from "@/lib/providers/features";
import type { ChatCompletionRequest } from "@/lib/schemas/openai-chat";
import type { CompletionResult } from "@/lib/providers/types";
import { estimateWorstCaseCostUsd, type RoutingPlan } from "@/lib/router";
import type { JsonValue } from "@/lib/decision-log/decision-record";
import { applyAttemptUsage } from "./attempt-record";
import { constrainPlan } from "./constrain-plan";
import { decideRequest } from "./decide-request";
import { executePlan } from "./execute-plan";
import type { AttemptRunner, ExecutionDeps } from "./execution-types";
import { finishRequest, type BudgetHold } from "./finish-request";
import type { GatewayServices } from "./gateway-state";
import type { GatewayConfig } from "./load-config";
import { statusOfFailure, toExecutionError, toRejectionError } from "./map-failure";
import { parseChatRequest } from "./parse-chat-request";
import { buildGatewayHeaders, hashPrompt, startTrail, type RequestTrail } from "./record-decision";
import { resolveHedgeAfterMs } from "./run-hedged";
import { streamChat } from "./stream-response";
import type { GatewayRequest, GatewayResponse } from "./types";

function readBody(req: GatewayRequest): ChatCompletionRequest {
  if (req.body.kind === "error") throw req.body.error;
  if (req.body.kind === "none") {
    throw new AppError("invalid_request", "A JSON body is required.", { param: "body" });
  }
  return parseChatRequest(req.body.value);
}

export function createExecutionDeps(
  services: GatewayServices,
  config: GatewayConfig,
): ExecutionDeps {
  return {
    providers: config.providers,
    resolveAdapter: services.resolveAdapter,
    breakers: services.breakers,
    clock: services.clock,
    random: services.random,
    sleep: services.sleep,
  };
}

function createCompleteRunner(
  services: GatewayServices,
  body: ChatCompletionRequest,
): AttemptRunner<CompletionResult> {
  return {
    run: (ctx) =>
      ctx.adapter.complete({
        provider: ctx.provider,
        model: ctx.step.upstreamName,
        request: body,
        signal: ctx.signal,
        allowPrivate: services.allowPrivate,
        timeoutMs: ctx.timeoutMs,
      }),
    answerText: (value) => {
      const message = value.response.choices[0]?.message;
      if (!message) return "";
      if (typeof message.content === "string") return message.content;
      return (message.tool_calls ?? []).map((c) => c.function.arguments).join("");
    },
    usage: (value) => value.usage,
    discard: () => {},
  };
}

/** Reserves the plan's worst case; throws 429 `budget_exceeded` when refused. */
async function reserveBudget(
  services: GatewayServices,
  trail: RequestTrail,
  plan: RoutingPlan,
  choices: number,
): Promise<BudgetHold | null> {
  if (!services.budget || !trail.principal || !trail.features) return null;
  const worst = estimateWorstCaseCostUsd(plan, trail.features, choices);
  // Keyed by the decision id: settlement is idempotent by this key, and a client's x-request-id
  // (kept as the request id for tracing) may repeat, which would merge two requests' spend.
  const result = await services.budget.reserve(trail.principal.tenant.id, trail.decisionId, worst);
  if (!result.ok) {
    trail.errorClass = result.reason;
    const headers: Record<string, string> =
      result.retryAfterS === undefined ? {} : { "retry-after": String(result.retryAfterS) };
    if (result.reason === "budget_unavailable") {
      // Budget state that cannot be read fails closed for tenants with a hard limit.
      throw new AppError("service_unavailable", "Budget state is unavailable; retry shortly.", {
        headers,
      });
    }
    throw new AppError("budget_exceeded", "This tenant's budget is exhausted.", { headers });
  }
  return { reservation: result.reservation, settled: false };
}

/**
 * The Retry-After of an engine rejection for a `hard` budget: the end of the window that blocks,
 * as the reserve path answers it (both come from the budget manager's one computation).
 */
async function budgetRetryAfter(
  services: GatewayServices,
  trail: RequestTrail,
): Promise<Record<string, string>> {
  if (trail.errorClass !== "budget_exceeded" || !services.budget || !trail.principal) return {};
  const view = await services.budget.state(trail.principal.tenant.id);
  return view.retryAfterS === undefined ? {} : { "retry-after": String(view.retryAfterS) };
}

export async function handleChatCompletions(
  services: GatewayServices,
  req: GatewayRequest,
): Promise<GatewayResponse> {
  const trail = startTrail(req.requestId, services.newId(), req.receivedAt);
  let config: GatewayConfig | null = null;
  let hold: BudgetHold | null = null;
  try {
    trail.principal = await services.auth.authenticate(req.header("authorization"), "chat");
    const body = readBody(req);
    trail.endUserId = body.user ?? null;
    trail.streamed = body.stream === true;
    trail.promptHash = hashPrompt(body.messages);
    if (trail.principal.tenant.captureContent) {
      trail.content = { messages: body.messages as unknown as JsonValue };
    }
    const routed = await decideRequest(services, trail.principal, body, req);
    config = routed.config;
    trail.features = routed.features;
    trail.replay = routed.replay;
    trail.decision = routed.decision;
    if (routed.decision.kind === "rejected") {
      trail.errorClass = routed.decision.error.code;
      throw toRejectionError(routed.decision.error, await budgetRetryAfter(services, trail));
    }
    const plan = constrainPlan(routed.decision.plan, body);
    hold = await reserveBudget(services, trail, plan, choicesOf(body));
    const deps = createExecutionDeps(services, config);
    // The policy's hedge delay, else the gateway's default (null: off); streams hedge until the
    // first content token, complete calls until the answer.
    const hedgeAfterMs = resolveHedgeAfterMs(plan, services.hedgeAfterMs);
    if (hedgeAfterMs !== null) deps.hedgeAfterMs = hedgeAfterMs;
    if (body.stream === true) {
      return await streamChat({ services, req, body, plan, deps, trail, config, hold });
    }
    const result = await executePlan(
      plan,
      createCompleteRunner(services, body),
      deps,
      trail.log,
      req.signal,
    );
    if (!result.ok) {
      trail.errorClass = result.failure.errorClass;
      trail.status = statusOfFailure(result.failure.errorClass);
      throw toExecutionError(result.failure);
    }
    applyAttemptUsage(result.record, result.step, result.value.usage);
    trail.finalStep = result.step;
    trail.usageEstimated = result.value.usage.estimated;
    trail.status = "success";
    trail.httpStatus = 200;
    if (
      trail.content !== null &&
      typeof trail.content === "object" &&
      !Array.isArray(trail.content)
    ) {
      trail.content.response = result.value.response.choices as unknown as JsonValue;
    }
    finishRequest(services, trail, config.models, hold);
    const answer: GatewayResponse = {
      kind: "json",
      status: 200,
      headers: buildGatewayHeaders(trail),
      body: result.value.response,
    };
    // The upstream's own text, when the adapter kept it: no second serialization of the answer.
    if (result.value.rawText !== undefined) answer.text = result.value.rawText;
    return answer;
  } catch (error) {
    const serialized = toOpenAIError(error, req.requestId);
    trail.httpStatus = serialized.status;
    if (trail.status === "success") trail.status = "upstream_error";
    finishRequest(services, trail, config?.models ?? null, hold);
    return {
      kind: "json",
      status: serialized.status,
      headers: { ...serialized.headers, ...buildGatewayHeaders(trail) },
      body: serialized.body,
    };
  }
}
