/** Dispatches a `/v1` request to its use case; both transports call this one function. */
import { AppError, toOpenAIError } from "@/lib/errors";
import type { ApiKeyScope } from "@/lib/keys";
import { handleChatCompletions } from "./chat-completions";
import { handleExplainRoute } from "./explain-route";
import { handleFeedback } from "./feedback";
import type { GatewayServices } from "./gateway-state";
import { handleListModels } from "./list-models";
import type { GatewayRequest, GatewayResponse } from "./types";

type Handler = (services: GatewayServices, req: GatewayRequest) => Promise<GatewayResponse>;

const ROUTES: Record<string, { method: string; handler: Handler; scope: ApiKeyScope }> = {
  "/v1/chat/completions": { method: "POST", handler: handleChatCompletions, scope: "chat" },
  "/v1/models": { method: "GET", handler: handleListModels, scope: "models" },
  "/v1/route/explain": { method: "POST", handler: handleExplainRoute, scope: "explain" },
  // The application that made the request reports its outcome with the same key (docs/quality.md).
  "/v1/feedback": { method: "POST", handler: handleFeedback, scope: "chat" },
};

/**
 * The key scope a request's endpoint needs, when the method and path name one (null: the
 * request will be refused with 404/405 whatever it carries). Transports authenticate with it
 * before reading a body, so a caller without a valid key never gets to send one.
 */
export function scopeOfRequest(method: string, path: string): ApiKeyScope | null {
  const route = ROUTES[path];
  return route && route.method === method ? route.scope : null;
}

/** Strips the `/api` prefix that `next dev`/`next start` clients use (`/api/v1/...`). */
export function normalizeV1Path(pathname: string): string {
  const path = pathname.startsWith("/api/v1") ? pathname.slice(4) : pathname;
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/** Whether this request carries a body the transport should read. */
export function expectsBody(method: string): boolean {
  return method === "POST" || method === "PUT" || method === "PATCH";
}

export async function handleV1(
  services: GatewayServices,
  req: GatewayRequest,
): Promise<GatewayResponse> {
  const route = ROUTES[req.path];
  try {
    if (!route) throw new AppError("not_found", `Unknown endpoint ${req.method} ${req.path}.`);
    if (route.method !== req.method) {
      throw new AppError("method_not_allowed", `Use ${route.method} for ${req.path}.`, {
        headers: { allow: route.method },
      });
    }
    return await route.handler(services, req);
  } catch (error) {
    if (!(error instanceof AppError)) logUnexpected(req.requestId, error);
    const e = toOpenAIError(error, req.requestId);
    return {
      kind: "json",
      status: e.status,
      headers: { ...e.headers, "x-request-id": req.requestId },
      body: e.body,
    };
  }
}

/** One line, no stack and no request content: unknown errors are bugs to look up by request id. */
export function logUnexpected(requestId: string, error: unknown): void {
  const name = error instanceof Error ? error.name : typeof error;
  console.error(`[gateway] unexpected ${name} in request ${requestId}`);
}
