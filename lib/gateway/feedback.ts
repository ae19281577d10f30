/**
 * `POST /v1/feedback`: an outcome for a decision (by decision id or request id) on a metric
 * declared on the decision's route. Same key scope as chat (`chat`): the application that made the
 * request reports how it went. The key's tenant must own the decision; another tenant's decision
 * answers 404 like a missing one. The value is checked, queued and written in batches
 * (lib/telemetry/feedback-writer.ts): 202 with the feedback id, stable per (decision, metric,
 * source), or 503 with Retry-After when the queue is full. Nothing here touches chat requests.
 */
import { AppError } from "@/lib/errors";
import { feedbackIdOf, type DecisionRef } from "@/lib/db/feedback";
import { checkMetricValue, parseFeedbackBody, type FeedbackBody } from "./check-feedback";
import type { GatewayServices } from "./gateway-state";
import type { GatewayRequest, GatewayResponse } from "./types";

async function findDecision(
  services: GatewayServices,
  tenantId: string,
  by: FeedbackBody["by"],
): Promise<DecisionRef> {
  const ref =
    services.feedback.recent.find(tenantId, by) ??
    (await services.feedback.lookup(tenantId, by).catch((error: unknown) => {
      throw new AppError("database_unavailable", "Decisions cannot be read right now.", {
        cause: error,
        headers: { "retry-after": "1" },
      });
    }));
  if (!ref) {
    const [param, id] =
      "decisionId" in by ? ["decision_id", by.decisionId] : ["request_id", by.requestId];
    throw new AppError("not_found", `No decision '${id}' for this API key's tenant.`, { param });
  }
  return ref;
}

export async function handleFeedback(
  services: GatewayServices,
  req: GatewayRequest,
): Promise<GatewayResponse> {
  const principal = await services.auth.authenticate(req.header("authorization"), "chat");
  if (req.body.kind === "error") throw req.body.error;
  if (req.body.kind === "none")
    throw new AppError("invalid_request", "A feedback body is required.", { param: "body" });
  const body = parseFeedbackBody(req.body.value);
  const tenantId = principal.tenant.id;
  const decision = await findDecision(services, tenantId, body.by);
  const config = await services.config.get();
  const metric = config.metrics.get(decision.routeSlug)?.get(body.metric);
  if (!metric) {
    throw new AppError(
      "invalid_request",
      `Metric '${body.metric}' is not declared on route '${decision.routeSlug}'.`,
      { param: "metric" },
    );
  }
  const stored = checkMetricValue(metric, body.value);
  const id = feedbackIdOf(decision.id, metric.name, body.source);
  const queued = services.feedback.writer.offer({
    id,
    decisionId: decision.id,
    tenantId,
    routeSlug: decision.routeSlug,
    model: decision.model,
    policyVersion: decision.policyVersion,
    decisionAt: decision.createdAt,
    metric: metric.name,
    source: body.source,
    value: stored.value,
    category: stored.category,
    comment: body.comment,
    endUserId: body.endUserId,
    receivedAt: new Date(services.clock()),
  });
  if (!queued) {
    throw new AppError("service_unavailable", "Feedback is arriving faster than it is stored.", {
      headers: { "retry-after": "1" },
    });
  }
  return {
    kind: "json",
    status: 202,
    headers: { "x-request-id": req.requestId },
    body: {
      object: "feedback",
      id,
      decision_id: decision.id,
      metric: metric.name,
      source: body.source,
      status: "queued",
    },
  };
}
