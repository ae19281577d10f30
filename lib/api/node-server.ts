import http, { type IncomingMessage, type ServerResponse } from "node:http";

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** True for the paths the fast path answers without Next: `/v1/*` and `/api/v1/*`. */
export function isFastPath(url: string | undefined): boolean {
  if (!url) return false;
  return url.startsWith("/v1/") || url === "/v1" || url.startsWith("/api/v1/");
}

/**
 * One `node:http` server owning the port: `/v1` goes straight to the gateway (a Next route handler
 * costs ~1 ms CPU per request before any work), everything else to Next's request handler.
 */
export function createSwitchboardServer(handlers: {
  fastPath: NodeHandler;
  next: NodeHandler;
  /** While true (graceful shutdown), every response closes its connection. */
  isDraining?: () => boolean;
}): http.Server {
  const server = http.createServer((req, res) => {
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
  server.headersTimeout = 66_000;
  return server;
}
