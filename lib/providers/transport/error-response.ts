/** Non-2xx upstream answers as classified `ProviderError`s, and JSON bodies that must parse. */
import {
  classifyErrorType,
  classifyStatus,
  parseRetryAfter,
  ProviderError,
  redactSecret,
} from "../errors";
import { readBody } from "./http-pool";
import type { UpstreamResponse } from "./types";

function header(res: UpstreamResponse, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Error types and codes by which an upstream says the request itself was bad (lower-cased). */
const CLIENT_FAULT_TYPES: ReadonlySet<string> = new Set([
  "invalid_request_error",
  "invalid_request",
  "badrequesterror",
  "bad_request",
  "invalid_argument",
]);

interface ErrorBody {
  message: string;
  type: string;
  code: string;
}

/** Reads OpenAI's `{error:{message,type,code}}` and Anthropic's `{type:"error",error:{type,message}}`. */
export function parseErrorBody(text: string): ErrorBody {
  try {
    const parsed: unknown = JSON.parse(text);
    const error = (parsed as { error?: unknown } | null)?.error;
    if (error && typeof error === "object") {
      const e = error as { message?: unknown; type?: unknown; code?: unknown };
      return {
        message: typeof e.message === "string" ? e.message : "",
        type: typeof e.type === "string" ? e.type : "",
        code: typeof e.code === "string" ? e.code : "",
      };
    }
    if (typeof error === "string") return { message: error, type: "", code: "" };
  } catch {
    // not JSON: fall through to the raw text
  }
  return { message: text, type: "", code: "" };
}

/**
 * Turns a non-2xx answer into a classified `ProviderError` (reads and discards the body).
 * 3xx is an error: redirects are never followed (an upstream must not bounce us elsewhere).
 */
export async function readErrorResponse(
  res: UpstreamResponse,
  secret: string | null,
): Promise<ProviderError> {
  const status = res.status;
  let text = "";
  try {
    text = await readBody(res, secret);
  } catch {
    // the status alone classifies the failure
  }
  res.clearDeadline();
  const retryAfterMs = parseRetryAfter(header(res, "retry-after"), header(res, "retry-after-ms"));
  if (status >= 300 && status < 400) {
    return new ProviderError(
      "unknown",
      `upstream answered a redirect (${status}); redirects are not followed`,
      {
        status,
      },
    );
  }
  const body = parseErrorBody(text);
  const code = body.code || body.type;
  let errorClass = classifyStatus(status, code, body.message);
  if (status === 400 || status === 404) {
    const byType = classifyErrorType(body.code, body.message);
    if (byType === "context_length_exceeded" || byType === "content_filtered") errorClass = byType;
  }
  // A 5xx whose body says the request was invalid is the request's fault, not the deployment's:
  // answered as the caller's 400, and never counted against the breaker.
  if (
    status >= 500 &&
    (CLIENT_FAULT_TYPES.has(body.type.toLowerCase()) ||
      CLIENT_FAULT_TYPES.has(body.code.toLowerCase()))
  ) {
    errorClass = classifyStatus(400, code, body.message);
  }
  const detail = redactSecret(body.message || `HTTP ${status}`, secret);
  return new ProviderError(errorClass, `upstream ${status}: ${detail}`, {
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(code ? { upstreamCode: code } : {}),
  });
}

/** Parses a JSON body, or fails as a server error (a 200 with garbage is the upstream's fault). */
export function parseJsonBody<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ProviderError("server_error", "upstream answered 200 with a body that is not JSON", {
      status: 200,
    });
  }
}
