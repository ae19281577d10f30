/** `GET /v1/models`: the routes and (where the tenant may name them) models the key may use. */
import type { Action } from "@/lib/schemas/policy";
import type { RouteSnapshot } from "@/lib/router";
import type { GatewayServices } from "./gateway-state";
import type { GatewayConfig } from "./load-config";
import type { GatewayRequest, GatewayResponse } from "./types";

/** The models an action names; null when it picks from the whole registry (pool strategies). */
function namedModels(action: Action, config: GatewayConfig): readonly string[] | null {
  switch (action.strategy) {
    case "single":
      return [action.model, ...(action.fallbacks ?? [])];
    case "fallback":
      if (action.steps) return action.steps.map((s) => s.model);
      return (config.chains.get(action.chain ?? "")?.steps ?? []).map((s) => s.modelSlug);
    case "cascade":
      return action.stages.map((s) => s.model);
    case "weighted":
      return action.variants.map((v) => v.model);
    case "reject":
      return [];
    default:
      return null;
  }
}

/**
 * Whether a route can serve this tenant: some action of its policy (a rule's or the default)
 * reaches an enabled model in the tenant's allowlist (an empty allowlist allows every model).
 * A route whose every model the tenant may not use would answer every request with an error.
 */
function isRouteUsable(
  route: RouteSnapshot,
  config: GatewayConfig,
  allowed: (slug: string) => boolean,
): boolean {
  const policy = route.policy;
  if (!policy) return false;
  for (const action of [policy.defaultAction, ...policy.rules.map((r) => r.action)]) {
    const named = namedModels(action, config);
    if (named === null) {
      for (const slug of config.models.keys()) if (allowed(slug)) return true;
    } else if (named.some(allowed)) return true;
  }
  return false;
}

export async function handleListModels(
  services: GatewayServices,
  req: GatewayRequest,
): Promise<GatewayResponse> {
  const headers = { "x-request-id": req.requestId };
  const principal = await services.auth.authenticate(req.header("authorization"), "models");
  const config = await services.config.get();
  const created = Math.floor(config.loadedAt / 1000);
  const data: { id: string; object: "model"; created: number; owned_by: string }[] = [];
  const allow = principal.tenant.modelAllowlist;
  const allowed = (slug: string): boolean =>
    config.models.get(slug)?.enabled === true && (allow.length === 0 || allow.includes(slug));
  for (const [slug, route] of config.routes) {
    if (isRouteUsable(route, config, allowed))
      data.push({ id: slug, object: "model", created, owned_by: "switchboard-route" });
  }
  if (principal.tenant.allowDirectModels) {
    for (const [slug, model] of config.models) {
      if (!allowed(slug)) continue;
      data.push({ id: slug, object: "model", created, owned_by: model.providerSlug });
    }
  }
  return { kind: "json", status: 200, headers, body: { object: "list", data } };
}
