/**
 * The `/v1` fast path on `node:http` (`npm start`): authenticates the key from the headers before
 * it reads a body (no key, no body read), admits the body against the in-flight byte caps
 * (`v1-admission.ts`), reads it with the size limit checked while reading, hands the gateway a
 * transport-neutral request, and writes its JSON or SSE answer. An answer sent before the body was
 * read closes the connection with a lingering close, so a client still writing receives it. A
 * client that goes away aborts the request's signal (the gateway closes the upstream).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Cancellation } from "@/lib/cancel";
import { nowMs } from "@/lib/clock";
import { loadEnv } from "@/lib/env";
import { getGatewayServices, type GatewayServices } from "@/lib/gateway/gateway-state";
import {
  expectsBody,
  handleV1,
  logUnexpected,
  normalizeV1Path,
  scopeOfRequest,
} from "@/lib/gateway/handle-v1";
import type { GatewayResponse, ParsedBody } from "@/lib/gateway/types";
import type { NodeHandler } from "./node-server";
import { AppError, toOpenAIError } from "../errors";
import { resolveRequestId } from "./request-id";
import { createBodyAdmission, lingerAfterResponse, type BodyAdmission } from "./v1-admission";
import { MAX_V1_BODY_BYTES, parseBodyText, precheckBody, tooLarge } from "./v1-body";

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body as read, or `aborted` when the connection went away before it was complete. */
type ReadBody = ParsedBody | { kind: "aborted" };

/**
 * Reads a body for `keyId`: the declared length is reserved up front, a chunked body as it
 * arrives; refused (413/415/429/503) without reading the rest. Reserved bytes are released once
 * the body is parsed (or refused).
 */
function readNodeBody(
  req: IncomingMessage,
  keyId: string,
  admission: BodyAdmission,
): Promise<ReadBody> {
  const declared = headerOf(req, "content-length") ?? null;
  const early = precheckBody(headerOf(req, "content-type") ?? null, declared);
  if (early) return Promise.resolve(early);
  let reserved = 0;
  if (declared !== null) {
    const refused = admission.admit(keyId, Number(declared));
    if (refused) return Promise.resolve({ kind: "error", error: refused });
    reserved = Number(declared);
  }
  return new Promise<ReadBody>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (body: ReadBody): void => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      req.off("data", onData);
      admission.release(keyId, reserved);
      resolve(body);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_V1_BODY_BYTES) return finish(tooLarge());
      if (declared === null) {
        const refused = admission.admit(keyId, chunk.length);
        if (refused) return finish({ kind: "error", error: refused });
        reserved += chunk.length;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => {
      if (!settled) finish(parseBodyText(Buffer.concat(chunks, size).toString("utf8")));
    });
    req.on("error", () => finish({ kind: "aborted" }));
    req.on("close", () => finish({ kind: "aborted" }));
  });
}

async function writeResponse(res: ServerResponse, response: GatewayResponse): Promise<void> {
  const headers = response.headers;
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

/** A node handler over the given services and body admission (tests pass their own). */
export function createV1NodeHandler(
  getServices: () => Promise<GatewayServices>,
  admit: BodyAdmission | (() => BodyAdmission) = admissionFromEnv,
): NodeHandler {
  let admission: BodyAdmission | null = null;
  return async (req, res) => {
    admission ??= typeof admit === "function" ? admit() : admit;
    const receivedAt = nowMs();
    const requestId = resolveRequestId(headerOf(req, "x-request-id"));
    const controller = new Cancellation();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    let services: GatewayServices;
    try {
      services = await getServices();
    } catch (error) {
      lingerAfterResponse(req, res);
      return writeError(res, error, requestId);
    }
    const lifecycle = services.lifecycle;
    if (lifecycle.draining) {
      const refusal = new AppError("service_unavailable", "The server is shutting down; retry.", {
        headers: { "retry-after": "1" },
      });
      lingerAfterResponse(req, res);
      return writeError(res, refusal, requestId);
    }
    lifecycle.begin();
    try {
      await serve(services, admission, req, res, { receivedAt, requestId, controller });
    } finally {
      lifecycle.end();
    }
  };
}

function admissionFromEnv(): BodyAdmission {
  const env = loadEnv();
  return createBodyAdmission({
    maxBytesInFlight: env.SWITCHBOARD_MAX_BODY_BYTES_IN_FLIGHT,
    maxBytesInFlightPerKey: env.SWITCHBOARD_MAX_BODY_BYTES_IN_FLIGHT_PER_KEY,
  });
}

interface RequestStart {
  receivedAt: number;
  requestId: string;
  controller: Cancellation;
}

function writeError(res: ServerResponse, error: unknown, requestId: string): void {
  if (res.headersSent) return void res.destroy();
  const e = toOpenAIError(error, requestId);
  res.writeHead(e.status, { ...e.headers, "x-request-id": requestId });
  res.end(JSON.stringify(e.body));
}

/** Authenticates from the headers, then reads the body only for a valid key. */
async function readAuthorizedBody(
  services: GatewayServices,
  admission: BodyAdmission,
  req: IncomingMessage,
  path: string,
): Promise<ReadBody> {
  const method = req.method ?? "GET";
  if (!expectsBody(method)) return { kind: "none" };
  const scope = scopeOfRequest(method, path);
  // An unknown endpoint or a bad key: the gateway answers 404/405/401/403 without the body.
  if (scope === null) return { kind: "none" };
  const principal = await services.auth
    .authenticate(headerOf(req, "authorization"), scope)
    .catch(() => null);
  if (principal === null) return { kind: "none" };
  return readNodeBody(req, principal.keyId, admission);
}

async function serve(
  services: GatewayServices,
  admission: BodyAdmission,
  req: IncomingMessage,
  res: ServerResponse,
  start: RequestStart,
): Promise<void> {
  const { receivedAt, requestId, controller } = start;
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const path = normalizeV1Path(query === -1 ? url : url.slice(0, query));
  try {
    const body = await readAuthorizedBody(services, admission, req, path);
    // The client went away (or was cut by the request timeout) before its body was complete.
    if (body.kind === "aborted") return;
    const response = await handleV1(services, {
      method: req.method ?? "GET",
      path,
      header: (name) => headerOf(req, name),
      body,
      signal: controller.signal,
      requestId,
      receivedAt,
    });
    if (!req.complete) lingerAfterResponse(req, res);
    await writeResponse(res, response);
  } catch (error) {
    logUnexpected(requestId, error);
    if (!req.complete) lingerAfterResponse(req, res);
    writeError(res, error, requestId);
  }
}

/** The process-wide fast path `server/start.ts` mounts for `/v1/*` and `/api/v1/*`. */
export const handleV1Node: NodeHandler = createV1NodeHandler(getGatewayServices);
