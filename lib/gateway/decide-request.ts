/**
 * From a validated body to a routing decision: features (once), the snapshot from the caches
 * (config generation, breaker health, the tenant's budget state), then `decideRoute` for a route
 * or `decideDirectModel` for a concrete model the tenant may name. No I/O in the steady state.
 */
import { AppError } from "@/lib/errors";
import type { ReplayInputs } from "@/lib/decision-log/replay-inputs";
import type { ChatCompletionRequest } from "@/lib/schemas/openai-chat";
import {
  type ClientMetadataInput,
  decideDirectModel,
  decideRoute,
  extractFeatures,
  type RequestFeatures,
  type RoutingContext,
  type RoutingDecision,
  type TenantSnapshot,
} from "@/lib/router";
import type { Principal } from "./authenticate-key";
import type { GatewayServices } from "./gateway-state";
import type { GatewayConfig } from "./load-config";
import { createReplayRecorder } from "./replay-recorder";
import type { GatewayRequest } from "./types";

export interface RoutedRequest {
  features: RequestFeatures;
  decision: RoutingDecision;
  config: GatewayConfig;
  /** True when `model` named a concrete model rather than a route. */
  direct: boolean;
  /** What the engine read besides the features (routes only), for the dry run's replay. */
  replay: ReplayInputs | null;
}

/** Routing metadata from `x-switchboard-*` headers (they win over the body's `metadata`). */
export function readMetadataHeaders(req: Pick<GatewayRequest, "header">): ClientMetadataInput {
  const out: ClientMetadataInput = {};
  const task = req.header("x-switchboard-task");
  const tier = req.header("x-switchboard-tier");
  const latency = req.header("x-switchboard-latency-class");
  const tags = req.header("x-switchboard-tags");
  const endUser = req.header("x-switchboard-end-user");
  const priority = req.header("x-switchboard-priority");
  if (task) out.task = task;
  if (tier) out.userTier = tier;
  if (latency) out.latencyClass = latency;
  if (tags) out.tags = tags;
  if (endUser) out.endUserId = endUser;
  if (priority) out.priority = priority;
  return out;
}

async function readTenant(
  services: GatewayServices,
  principal: Principal,
): Promise<TenantSnapshot> {
  const budget = services.budget ? await services.budget.state(principal.tenant.id) : null;
  return {
    id: principal.tenant.id,
    modelAllowlist: principal.tenant.modelAllowlist,
    budget: budget ?? { state: "ok", fractionSpent: 0 },
  };
}

function notFound(model: string): AppError {
  return new AppError(
    "model_not_found",
    `The model '${model}' does not exist or you do not have access to it.`,
    { param: "model" },
  );
}

export async function decideRequest(
  services: GatewayServices,
  principal: Principal,
  body: ChatCompletionRequest,
  req: Pick<GatewayRequest, "header">,
): Promise<RoutedRequest> {
  const config = await services.config.get();
  const features = extractFeatures(body, readMetadataHeaders(req));
  const counter = services.countTokens();
  const context: RoutingContext = {
    now: services.clock,
    random: services.random,
    ...(counter ? { countTokens: counter } : {}),
  };
  const route = config.routes.get(body.model);
  if (route) {
    const tenant = await readTenant(services, principal);
    const rollbackSlug = config.rollback.routeSlug;
    const target = rollbackSlug === null ? null : (config.routes.get(rollbackSlug) ?? null);
    const health = services.breakers.health();
    const recorder = createReplayRecorder(context);
    const decision = decideRoute(
      features,
      {
        models: config.models,
        chains: config.chains,
        tenant,
        health,
        route,
        rollback: { enabled: config.rollback.enabled, routeSlug: rollbackSlug, target },
      },
      recorder.context,
    );
    const used = config.rollback.enabled ? target : route;
    const replay = recorder.finish(
      decision,
      tenant,
      health,
      features,
      used?.policy ?? null,
      used?.route.contentInspection ?? false,
    );
    return { features, decision, config, direct: false, replay };
  }
  if (!config.models.has(body.model) || !principal.tenant.allowDirectModels)
    throw notFound(body.model);
  const tenant = await readTenant(services, principal);
  const decision = decideDirectModel(
    body.model,
    features,
    { models: config.models, chains: config.chains, tenant, health: services.breakers.health() },
    context,
  );
  return { features, decision, config, direct: true, replay: null };
}
