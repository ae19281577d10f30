import http, { type IncomingMessage, type ServerResponse } from "node:http";

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** True for the paths the fast path answers without Next: `/v1/*` and `/api/v1/*`. */
export function isFastPath(url: string | undefined): boolean {
  if (!url) return false;
  return url.startsWith("/v1/") || url === "/v1" || url.startsWith("/api/v1/");
}

/** Limits of the whole server (SWITCHBOARD_MAX_CONNECTIONS, SWITCHBOARD_REQUEST_TIMEOUT_MS). */
export interface ServerLimits {
  maxConnections: number;
  requestTimeoutMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  maxConnections: 4_096,
  requestTimeoutMs: 30_000,
};

/**
 * One `node:http` server owning the port: `/v1` goes straight to the gateway (a Next route handler
 * costs ~1 ms CPU per request before any work), everything else to Next's request handler.
 */
export function createSwitchboardServer(handlers: {
  fastPath: NodeHandler;
  next: NodeHandler;
  /** While true (graceful shutdown), every response closes its connection. */
  isDraining?: () => boolean;
  limits?: ServerLimits;
}): http.Server {
  const limits = handlers.limits ?? DEFAULT_SERVER_LIMITS;
  // Node checks the request timeout on this period (its default, 30 s, would let a 1 s timeout
  // run 31 s).
  const checkMs = Math.max(250, Math.min(1_000, Math.floor(limits.requestTimeoutMs / 4)));
  const server = http.createServer({ connectionsCheckingInterval: checkMs }, (req, res) => {
    if (handlers.isDraining?.()) res.shouldKeepAlive = false;
    const handler = isFastPath(req.url) ? handlers.fastPath : handlers.next;
    Promise.resolve(handler(req, res)).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "Internal error", type: "server_error" } }));
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  // A whole request (headers and body) must arrive within the request timeout (408 after it), so
  // slow bodies cannot hold memory and connections for long; headers within the same or 66 s.
  server.requestTimeout = limits.requestTimeoutMs;
  server.headersTimeout = Math.min(66_000, limits.requestTimeoutMs);
  // Connections beyond this are closed as soon as they are accepted.
  server.maxConnections = limits.maxConnections;
  return server;
}
