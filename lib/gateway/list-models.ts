/** `GET /v1/models`: the routes and (where the tenant may name them) models the key may use. */
import { toOpenAIError } from "@/lib/api/errors";
import type { GatewayServices } from "./gateway-state";
import type { GatewayRequest, GatewayResponse } from "./types";

export async function handleListModels(
  services: GatewayServices,
  req: GatewayRequest,
): Promise<GatewayResponse> {
  const headers = { "x-request-id": req.requestId };
  try {
    const principal = await services.auth.authenticate(req.header("authorization"), "models");
    const config = await services.config.get();
    const created = Math.floor(config.loadedAt / 1000);
    const data: { id: string; object: "model"; created: number; owned_by: string }[] = [];
    for (const [slug, route] of config.routes) {
      if (route.policy)
        data.push({ id: slug, object: "model", created, owned_by: "switchboard-route" });
    }
    if (principal.tenant.allowDirectModels) {
      const allow = principal.tenant.modelAllowlist;
      for (const [slug, model] of config.models) {
        if (!model.enabled || (allow.length > 0 && !allow.includes(slug))) continue;
        data.push({ id: slug, object: "model", created, owned_by: model.providerSlug });
      }
    }
    return { kind: "json", status: 200, headers, body: { object: "list", data } };
  } catch (error) {
    const e = toOpenAIError(error, req.requestId);
    return { kind: "json", status: e.status, headers: { ...e.headers, ...headers }, body: e.body };
  }
}
