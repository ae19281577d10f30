import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, toOpenAIError } from "./errors";
import { resolveRequestId } from "./request-id";

/** The `/v1` fast path on `node:http`. (The gateway pipeline plugs in here.) */
export async function handleV1Node(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = resolveRequestId(req.headers["x-request-id"] as string | undefined);
  const e = toOpenAIError(new AppError("not_found", `No route for ${req.method} ${req.url}`), requestId);
  res.writeHead(e.status, { ...e.headers, "x-request-id": requestId });
  res.end(JSON.stringify(e.body));
}
