/**
 * The `/v1` fast path on `node:http` (`npm start`): reads the body with the size limit checked
 * while reading, hands the gateway a transport-neutral request, and writes its JSON or SSE
 * answer. A client that goes away aborts the request's signal (the gateway closes the upstream).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Cancellation } from "@/lib/cancel";
import { nowMs } from "@/lib/clock";
import { getGatewayServices, type GatewayServices } from "@/lib/gateway/gateway-state";
import { expectsBody, handleV1, logUnexpected, normalizeV1Path } from "@/lib/gateway/handle-v1";
import type { GatewayResponse, ParsedBody } from "@/lib/gateway/types";
import type { NodeHandler } from "./node-server";
import { AppError, toOpenAIError } from "./errors";
import { resolveRequestId } from "./request-id";
import { MAX_V1_BODY_BYTES, parseBodyText, precheckBody, tooLarge } from "./v1-body";

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readNodeBody(req: IncomingMessage): Promise<ParsedBody> {
  const early = precheckBody(
    headerOf(req, "content-type") ?? null,
    headerOf(req, "content-length") ?? null,
  );
  if (early) {
    req.resume();
    return Promise.resolve(early);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > MAX_V1_BODY_BYTES) {
        over = true;
        chunks.length = 0;
        resolve(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!over) resolve(parseBodyText(Buffer.concat(chunks, size).toString("utf8")));
    });
    req.on("error", () => resolve({ kind: "none" }));
  });
}

async function writeResponse(
  res: ServerResponse,
  response: GatewayResponse,
  closeAfter: boolean,
): Promise<void> {
  const headers = closeAfter ? { ...response.headers, connection: "close" } : response.headers;
  if (response.kind === "json") {
    const text = response.text ?? JSON.stringify(response.body);
    res.writeHead(response.status, {
      "content-type": "application/json",
      ...headers,
      "content-length": Buffer.byteLength(text),
    });
    res.end(text);
    return;
  }
  res.writeHead(response.status, headers);
  res.flushHeaders();
  for await (const frame of response.events) {
    if (res.destroyed) break;
    if (!res.write(frame)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off("drain", done);
          res.off("close", done);
          resolve();
        };
        res.on("drain", done);
        res.on("close", done);
      });
      if (res.destroyed) break;
    }
  }
  if (!res.destroyed) res.end();
}

/** A node handler over the given services (tests pass their own). */
export function createV1NodeHandler(getServices: () => Promise<GatewayServices>): NodeHandler {
  return async (req, res) => {
    const receivedAt = nowMs();
    const requestId = resolveRequestId(headerOf(req, "x-request-id"));
    const controller = new Cancellation();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const method = req.method ?? "GET";
    let services: GatewayServices;
    try {
      services = await getServices();
    } catch (error) {
      await readNodeBody(req);
      return writeError(res, error, requestId);
    }
    const lifecycle = services.lifecycle;
    if (lifecycle.draining) {
      const refusal = new AppError("service_unavailable", "The server is shutting down; retry.", {
        headers: { "retry-after": "1" },
      });
      res.shouldKeepAlive = false;
      return writeError(res, refusal, requestId);
    }
    lifecycle.begin();
    try {
      await serve(services, req, res, { receivedAt, requestId, controller, method, url, query });
    } finally {
      lifecycle.end();
    }
  };
}

interface RequestStart {
  receivedAt: number;
  requestId: string;
  controller: Cancellation;
  method: string;
  url: string;
  query: number;
}

function writeError(res: ServerResponse, error: unknown, requestId: string): void {
  if (res.headersSent) return void res.destroy();
  const e = toOpenAIError(error, requestId);
  res.writeHead(e.status, { ...e.headers, "x-request-id": requestId });
  res.end(JSON.stringify(e.body));
}

async function serve(
  services: GatewayServices,
  req: IncomingMessage,
  res: ServerResponse,
  start: RequestStart,
): Promise<void> {
  const { receivedAt, requestId, controller, method, url, query } = start;
  const body: ParsedBody = expectsBody(method) ? await readNodeBody(req) : { kind: "none" };
  try {
    const response = await handleV1(services, {
      method,
      path: normalizeV1Path(query === -1 ? url : url.slice(0, query)),
      header: (name) => headerOf(req, name),
      body,
      signal: controller.signal,
      requestId,
      receivedAt,
    });
    // An oversized body was not drained: close the connection after answering.
    const closeAfter = body.kind === "error" && body.error.code === "payload_too_large";
    await writeResponse(res, response, closeAfter);
  } catch (error) {
    logUnexpected(requestId, error);
    writeError(res, error, requestId);
  }
}

/** The process-wide fast path `scripts/start.ts` mounts for `/v1/*` and `/api/v1/*`. */
export const handleV1Node: NodeHandler = createV1NodeHandler(getGatewayServices);
