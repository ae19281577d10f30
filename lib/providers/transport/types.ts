/** The upstream transport's contract (`sendRequest`'s options and answer) and its error mapping. */
import type { IncomingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";
import { util as undiciUtil } from "undici";
import type { CancelSignal } from "@/lib/cancel";
import { ProviderError, redactSecret } from "../errors";

export interface SendRequestOptions {
  url: URL;
  /** Sent as given (undici adds `content-length` and `host` on the wire). */
  headers: Record<string, string>;
  body: string;
  connectTimeoutMs: number;
  /** Deadline until the response headers (and after, until the caller re-arms or clears it). */
  timeoutMs: number;
  allowPrivate: boolean;
  /** An `AbortSignal` or the gateway's `Cancellation` (function listeners only). */
  signal?: CancelSignal;
  /** The credential, only used to keep it out of error messages. */
  secret: string | null;
}

/** A response whose headers arrived. The deadline timer keeps running until `clearDeadline()`. */
export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Read it either with `readBody` or as a stream, not both. */
  readonly body: Readable;
  /** The reason the transport was destroyed (timeout, abort...), once it was. */
  failure(): unknown;
  /** Restarts the deadline with the same duration (cheap: `Timeout.refresh`). */
  refreshDeadline(): void;
  setDeadline(ms: number): void;
  clearDeadline(): void;
  /** Destroys the socket (idempotent). */
  destroy(reason?: unknown): void;
}

const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_HAS_EXPIRED",
  "SELF_SIGNED_CERT_IN_CHAIN",
]);

/** Maps a socket-level error into a `ProviderError` (passes ProviderErrors and aborts through). */
export function classifySocketError(
  err: unknown,
  connected: boolean,
  secret: string | null,
): unknown {
  if (err instanceof ProviderError) return err;
  if (err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError"))
    return err;
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === "string" ? e.code : "";
  const message = redactSecret(e instanceof Error ? e.message : String(err), secret);
  if (!connected || CONNECT_CODES.has(code)) {
    return new ProviderError("connect", `upstream connection failed: ${message}`, { cause: code });
  }
  return new ProviderError("server_error", `upstream closed the connection: ${message}`, {
    cause: code,
  });
}

export const codeOf = (err: unknown): unknown => (err as { code?: unknown } | null)?.code;

/** Duplicates of these are dropped, as `node:http` does; `set-cookie` is a list; others join. */
const SINGLE_HEADERS = new Set([
  "age",
  "authorization",
  "content-length",
  "content-type",
  "etag",
  "expires",
  "from",
  "host",
  "if-modified-since",
  "if-unmodified-since",
  "last-modified",
  "location",
  "max-forwards",
  "proxy-authorization",
  "referer",
  "retry-after",
  "server",
  "user-agent",
]);

export function parseHeaders(raw: Buffer[]): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = undiciUtil.headerNameToString(raw[i] as Buffer);
    const value = (raw[i + 1] as Buffer).toString("latin1");
    const prev = headers[name];
    if (prev === undefined) {
      if (name !== "__proto__") headers[name] = name === "set-cookie" ? [value] : value;
    } else if (Array.isArray(prev)) prev.push(value);
    else if (!SINGLE_HEADERS.has(name)) headers[name] = `${prev}, ${value}`;
  }
  return headers;
}
