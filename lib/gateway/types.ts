/**
 * The transport-neutral contract of the gateway: a parsed request in; a status, headers and
 * either a JSON body or an async stream of SSE frames out. `lib/api/v1-node.ts` and
 * `lib/api/v1-web.ts` serialize it.
 */
import type { AppError } from "@/lib/errors";
import type { CancelSignal } from "@/lib/cancel";

/** A request as the transports hand it to the gateway. */
export interface GatewayRequest {
  method: string;
  /** Path without the query and without the `/api` prefix, e.g. `/v1/chat/completions`. */
  path: string;
  /** Header lookup by lower-case name. */
  header(name: string): string | undefined;
  /** The body as the transport read it; errors are raised after authentication (401 first). */
  body: ParsedBody;
  /** Aborted when the client goes away. */
  signal: CancelSignal;
  requestId: string;
  /** Epoch ms when the request arrived. */
  receivedAt: number;
}

/** A request body read by a transport: parsed JSON, none, or why it was refused (400/413/415). */
export type ParsedBody =
  { kind: "json"; value: unknown } | { kind: "none" } | { kind: "error"; error: AppError };

/** A JSON answer. */
export interface GatewayJsonResponse {
  kind: "json";
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /**
   * `body` already serialized, when the gateway has it (an upstream answer passed through
   * unchanged): transports send it as is instead of serializing `body` again.
   */
  text?: string;
}

/**
 * A stream answer: `events` yields complete SSE frames (`data: …\n\n`). The transport writes them
 * as they come and calls `return()` on the iterator when the client disconnects.
 */
export interface GatewaySseResponse {
  kind: "sse";
  status: number;
  headers: Record<string, string>;
  events: AsyncIterable<string>;
}

export type GatewayResponse = GatewayJsonResponse | GatewaySseResponse;
