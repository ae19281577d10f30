import type { ProviderErrorClass } from "@/lib/vocabulary";

export interface ProviderErrorOptions {
  status?: number;
  retryAfterMs?: number;
  cause?: unknown;
  /** The upstream's own error code or type, when it sent one (e.g. "overloaded_error"). */
  upstreamCode?: string;
}

/** An upstream failure, classified. The message never contains the credential. */
export class ProviderError extends Error {
  readonly errorClass: ProviderErrorClass;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly upstreamCode: string | undefined;

  constructor(errorClass: ProviderErrorClass, message: string, options: ProviderErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ProviderError";
    this.errorClass = errorClass;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.upstreamCode = options.upstreamCode;
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError;
}

/** True for the rejection an aborted call produces (the caller's signal, not an upstream fault). */
export function isAbortError(value: unknown): boolean {
  return value instanceof Error && (value.name === "AbortError" || value.name === "TimeoutError");
}

/**
 * Parses Retry-After (delta seconds or an HTTP date) and OpenAI's `retry-after-ms`.
 * Returns undefined when absent or unparseable; never negative.
 */
export function parseRetryAfter(
  retryAfter: string | undefined,
  retryAfterMs?: string,
  now: number = Date.now(),
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs.trim() !== "") {
    const ms = Number(retryAfterMs);
    if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  }
  if (retryAfter === undefined) return undefined;
  const value = retryAfter.trim();
  if (value === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

const CONTEXT_RE =
  /context[_ ]length|context window|maximum context|prompt is too long|too many tokens|input is too long|reduce the length/i;
const FILTER_RE = /content[_ ]filter|content[_ ]policy|content management policy|safety system/i;

/** Classifies an HTTP error status (plus the upstream's code and message) into an error class. */
export function classifyStatus(status: number, code = "", message = ""): ProviderErrorClass {
  const text = `${code} ${message}`;
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limited";
  if (status === 408 || status === 504) return "timeout";
  if (status >= 500) return "server_error";
  if (status >= 400) {
    if (CONTEXT_RE.test(text)) return "context_length_exceeded";
    if (FILTER_RE.test(text)) return "content_filtered";
    if (status === 413) return "context_length_exceeded";
    return "invalid_request";
  }
  return "unknown";
}

/** Classifies an in-band error type (Anthropic `error.type`, OpenAI `error.type`/`code`). */
export function classifyErrorType(type: string, message = ""): ProviderErrorClass {
  switch (type) {
    case "overloaded_error":
    case "api_error":
    case "server_error":
    case "internal_error":
      return "server_error";
    case "rate_limit_error":
    case "rate_limit_exceeded":
    case "insufficient_quota":
      return "rate_limited";
    case "authentication_error":
    case "permission_error":
    case "invalid_api_key":
      return "auth";
    case "timeout_error":
      return "timeout";
    case "context_length_exceeded":
      return "context_length_exceeded";
    case "content_filter":
    case "content_policy_violation":
      return "content_filtered";
    case "invalid_request_error":
    case "not_found_error":
    case "request_too_large":
      return classifyStatus(400, type, message);
    default:
      if (CONTEXT_RE.test(message)) return "context_length_exceeded";
      if (FILTER_RE.test(message)) return "content_filtered";
      return "unknown";
  }
}

const BEARER_RE = /(bearer\s+|basic\s+|x-api-key[:=]\s*)[^\s"',]+/gi;
/** Runs of characters a key, or its base64/hex/URL-encoded form, is written with. */
const TOKEN_RE = /[A-Za-z0-9+/=_\-.~%:]{8,}/g;
/** A token sharing this many consecutive characters (any case) with the key is taken for it. */
const SHARED_RUN = 8;

function runsOf(text: string, n: number): Set<string> {
  const runs = new Set<string>();
  const lower = text.toLowerCase();
  for (let i = 0; i + n <= lower.length; i++) runs.add(lower.slice(i, i + n));
  return runs;
}

function sharesRun(text: string, runs: ReadonlySet<string>, n: number): boolean {
  const lower = text.toLowerCase();
  for (let i = 0; i + n <= lower.length; i++) if (runs.has(lower.slice(i, i + n))) return true;
  return false;
}

/**
 * The texts a token may encode: itself, URL encoding, and for each part between `=`, `:` or `.`
 * base64 (either alphabet, at each of the four alignments) and hex.
 */
function decodings(token: string): string[] {
  const out = [token];
  let plain = token;
  if (token.includes("%")) {
    try {
      plain = decodeURIComponent(token);
      out.push(plain);
    } catch {
      // not URL-encoded after all
    }
  }
  for (const part of plain.split(/[=:.]+/)) {
    if (part.length < 12) continue;
    if (/^[A-Za-z0-9+/_-]+$/.test(part)) {
      for (let skip = 0; skip < 4; skip++) {
        out.push(Buffer.from(part.slice(skip), "base64").toString("latin1"));
      }
    }
    if (/^[0-9a-fA-F]+$/.test(part)) {
      out.push(Buffer.from(part.slice(part.length % 2), "hex").toString("latin1"));
      out.push(Buffer.from(part.slice(1 - (part.length % 2)), "hex").toString("latin1"));
    }
  }
  return out;
}

/**
 * Removes the credential from text that came from an upstream or a socket error, in the forms an
 * upstream may echo it: as is, in another case, with a prefix or cut short (any word sharing 8
 * consecutive characters with it), base64- (either alphabet, also as `user:key`), hex- or
 * URL-encoded; also anything after `Bearer`, `Basic` or `x-api-key`. Bounds the length.
 */
export function redactSecret(text: string, secret: string | null | undefined, max = 300): string {
  let out = text.length > max * 2 ? text.slice(0, max * 2) : text;
  if (secret && secret.length >= 4) {
    out = out.split(secret).join("[redacted]");
    const n = Math.min(SHARED_RUN, secret.length);
    const runs = runsOf(secret, n);
    out = out.replace(TOKEN_RE, (token) =>
      decodings(token).some((t) => sharesRun(t, runs, n)) ? "[redacted]" : token,
    );
  }
  out = out.replace(BEARER_RE, "$1[redacted]");
  return out.length > max ? `${out.slice(0, max)}…` : out;
}
