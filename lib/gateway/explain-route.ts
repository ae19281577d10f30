/**
 * `POST /v1/route/explain`: the decision and its explain trace for a chat completions body,
 * without calling any provider, reserving budget or recording a decision. Same auth as the API
 * (scope `explain`).
 */
import { AppError } from "@/lib/errors";
import { choicesOf } from "@/lib/providers/features";
import { estimateWorstCaseCostUsd } from "@/lib/router";
import { decideRequest } from "./decide-request";
import type { GatewayServices } from "./gateway-state";
import { parseChatRequest } from "./parse-chat-request";
import { resolveHedgeAfterMs } from "./run-hedged";
import { summarizeFeatures } from "./summarize-features";
import type { GatewayRequest, GatewayResponse } from "./types";

export async function handleExplainRoute(
  services: GatewayServices,
  req: GatewayRequest,
): Promise<GatewayResponse> {
  const headers = { "x-request-id": req.requestId };
  const principal = await services.auth.authenticate(req.header("authorization"), "explain");
  if (req.body.kind === "error") throw req.body.error;
  if (req.body.kind === "none") {
    throw new AppError("invalid_request", "A chat completions body is required.", {
      param: "body",
    });
  }
  const body = parseChatRequest(req.body.value);
  const routed = await decideRequest(services, principal, body, req);
  const decision = routed.decision;
  const worst =
    decision.kind === "routed"
      ? estimateWorstCaseCostUsd(decision.plan, routed.features, choicesOf(body))
      : null;
  return {
    kind: "json",
    status: 200,
    headers,
    body: {
      object: "route.explanation",
      requested: body.model,
      direct: routed.direct,
      decision:
        decision.kind === "routed"
          ? { kind: "routed", plan: decision.plan, baseline_model: decision.baselineModel }
          : { kind: "rejected", error: decision.error },
      worst_case_cost_usd: worst,
      // The delay the gateway would hedge with: the policy's, else its own default (null: off).
      hedge_after_ms:
        decision.kind === "routed"
          ? resolveHedgeAfterMs(decision.plan, services.hedgeAfterMs)
          : null,
      features: summarizeFeatures(routed.features),
      trace: decision.trace,
    },
  };
}
