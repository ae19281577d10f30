/**
 * One error family: services throw `AppError(code, message)`, only the route wrappers catch, and
 * this table maps a code to its HTTP status and to each dialect (OpenAI on /v1, problem+json on the
 * console API). Unknown errors become a generic 500 carrying only the request id.
 */
export const ERROR_CODES = {
  invalid_request: { status: 400, openaiType: "invalid_request_error", title: "Invalid request" },
  validation_failed: {
    status: 400,
    openaiType: "invalid_request_error",
    title: "Validation failed",
  },
  context_length_exceeded: {
    status: 400,
    openaiType: "invalid_request_error",
    title: "Context length exceeded",
  },
  invalid_api_key: { status: 401, openaiType: "invalid_request_error", title: "Invalid API key" },
  unauthenticated: { status: 401, openaiType: "invalid_request_error", title: "Sign-in required" },
  content_filtered: {
    status: 400,
    openaiType: "invalid_request_error",
    title: "Content filtered upstream",
  },
  forbidden: { status: 403, openaiType: "permission_error", title: "Forbidden" },
  policy_rejected: {
    status: 403,
    openaiType: "invalid_request_error",
    title: "Rejected by routing policy",
  },
  model_not_allowed: {
    status: 403,
    openaiType: "invalid_request_error",
    title: "Model not allowed for this tenant",
  },
  bad_origin: { status: 403, openaiType: "permission_error", title: "Cross-origin write refused" },
  not_found: { status: 404, openaiType: "invalid_request_error", title: "Not found" },
  model_not_found: { status: 404, openaiType: "invalid_request_error", title: "Model not found" },
  method_not_allowed: {
    status: 405,
    openaiType: "invalid_request_error",
    title: "Method not allowed",
  },
  conflict: { status: 409, openaiType: "invalid_request_error", title: "Conflict" },
  payload_too_large: {
    status: 413,
    openaiType: "invalid_request_error",
    title: "Payload too large",
  },
  unsupported_media_type: {
    status: 415,
    openaiType: "invalid_request_error",
    title: "Unsupported media type",
  },
  budget_exceeded: { status: 429, openaiType: "insufficient_quota", title: "Budget exceeded" },
  rate_limited: { status: 429, openaiType: "rate_limit_error", title: "Rate limited" },
  internal_error: { status: 500, openaiType: "server_error", title: "Internal error" },
  upstream_error: { status: 502, openaiType: "server_error", title: "Upstream error" },
  service_unavailable: { status: 503, openaiType: "server_error", title: "Service unavailable" },
  database_unavailable: {
    status: 503,
    openaiType: "server_error",
    title: "Database unavailable",
  },
  no_model_available: { status: 503, openaiType: "server_error", title: "No model available" },
  route_unavailable: { status: 503, openaiType: "server_error", title: "Route unavailable" },
  upstream_timeout: { status: 504, openaiType: "server_error", title: "Upstream timeout" },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface AppErrorOptions {
  cause?: unknown;
  /** The offending field (OpenAI's `param`, problem+json's `errors[].path`). */
  param?: string;
  /** Field-level details for validation errors. */
  details?: ReadonlyArray<{ path: string; message: string }>;
  /** Extra headers (e.g. Retry-After). */
  headers?: Record<string, string>;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: AppErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.status = ERROR_CODES[code].status;
  }
}

export interface SerializedError {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function normalize(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError("internal_error", "An internal error occurred.");
}

/** OpenAI's `{error:{message,type,param,code}}`; unknown errors carry only the request id. */
export function toOpenAIError(err: unknown, requestId: string): SerializedError {
  const e = normalize(err);
  const message =
    e.code === "internal_error" ? `An internal error occurred (request ${requestId}).` : e.message;
  return {
    status: e.status,
    headers: { "content-type": "application/json", ...e.options.headers },
    body: {
      error: {
        message,
        type: ERROR_CODES[e.code].openaiType,
        param: e.options.param ?? null,
        code: e.code,
      },
    },
  };
}

/** RFC 9457 problem+json with the request id. */
export function toProblem(err: unknown, requestId: string, instance?: string): SerializedError {
  const e = normalize(err);
  const def = ERROR_CODES[e.code];
  return {
    status: e.status,
    headers: { "content-type": "application/problem+json", ...e.options.headers },
    body: {
      type: `https://switchboard.dev/problems/${e.code}`,
      title: def.title,
      status: e.status,
      detail: e.code === "internal_error" ? "An internal error occurred." : e.message,
      code: e.code,
      requestId,
      ...(instance ? { instance } : {}),
      ...(e.options.details ? { errors: e.options.details } : {}),
    },
  };
}
