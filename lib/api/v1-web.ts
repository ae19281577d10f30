/**
 * The `/v1` endpoints as Web `Request`/`Response` handlers, for the App Router route files that
 * `next dev` and `next start` serve under `/api/v1/*`. Same gateway call as the node fast path.
 */
import { Cancellation } from "@/lib/cancel";
import { getGatewayServices, type GatewayServices } from "@/lib/gateway/gateway-state";
import { expectsBody, handleV1, logUnexpected, normalizeV1Path } from "@/lib/gateway/handle-v1";
import type { GatewayResponse, ParsedBody } from "@/lib/gateway/types";
import { toOpenAIError } from "../errors";
import { resolveRequestId } from "./request-id";
import { MAX_V1_BODY_BYTES, parseBodyText, precheckBody, tooLarge } from "./v1-body";

async function readWebBody(request: Request): Promise<ParsedBody> {
  const early = precheckBody(
    request.headers.get("content-type"),
    request.headers.get("content-length"),
  );
  if (early) return early;
  if (!request.body) return { kind: "none" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_V1_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      return tooLarge();
    }
    chunks.push(value);
  }
  return parseBodyText(Buffer.concat(chunks, size).toString("utf8"));
}

function toWebResponse(response: GatewayResponse, controller: Cancellation): Response {
  if (response.kind === "json") {
    return new Response(response.text ?? JSON.stringify(response.body), {
      status: response.status,
      headers: { "content-type": "application/json", ...response.headers },
    });
  }
  const iterator = response.events[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(sink) {
      const next = await iterator.next();
      if (next.done) sink.close();
      else sink.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      controller.abort();
      await iterator.return?.();
    },
  });
  return new Response(stream, { status: response.status, headers: response.headers });
}

/** A Web handler over the given services (tests pass their own). */
export function createV1WebHandler(
  getServices: () => Promise<GatewayServices>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const receivedAt = Date.now();
    const requestId = resolveRequestId(request.headers.get("x-request-id"));
    const controller = new Cancellation();
    request.signal.addEventListener("abort", () => controller.abort(), { once: true });
    try {
      const body: ParsedBody = expectsBody(request.method)
        ? await readWebBody(request)
        : { kind: "none" };
      const services = await getServices();
      const response = await handleV1(services, {
        method: request.method,
        path: normalizeV1Path(new URL(request.url).pathname),
        header: (name) => request.headers.get(name) ?? undefined,
        body,
        signal: controller.signal,
        requestId,
        receivedAt,
      });
      return toWebResponse(response, controller);
    } catch (error) {
      logUnexpected(requestId, error);
      const e = toOpenAIError(error, requestId);
      return Response.json(e.body, {
        status: e.status,
        headers: { ...e.headers, "x-request-id": requestId },
      });
    }
  };
}

/** The process-wide handler the App Router route files export. */
export const handleV1Web: (request: Request) => Promise<Response> =
  createV1WebHandler(getGatewayServices);
