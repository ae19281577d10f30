/** Maps engine rejections and exhausted plans to the API's error family. */
import { AppError, type ErrorCode } from "@/lib/errors";
import type { RejectionError } from "@/lib/router";
import type { DecisionStatus } from "@/lib/decision-log/decision-record";
import type { ExecutionFailure, FailureClass } from "./execution-types";

/** An engine rejection as an `AppError` (its codes are all in the error table). */
export function toRejectionError(
  error: RejectionError,
  headers: Record<string, string> = {},
): AppError {
  const param = error.param ?? (error.code === "model_not_found" ? "model" : undefined);
  return new AppError(error.code, error.message, {
    ...(param === undefined ? {} : { param }),
    headers,
  });
}

const FAILURE_CODES: Record<FailureClass, ErrorCode> = {
  timeout: "upstream_timeout",
  connect: "upstream_error",
  server_error: "upstream_error",
  rate_limited: "service_unavailable",
  auth: "upstream_error",
  invalid_request: "invalid_request",
  context_length_exceeded: "context_length_exceeded",
  content_filtered: "content_filtered",
  stream_interrupted: "upstream_error",
  unknown: "upstream_error",
  no_model_available: "no_model_available",
  client_closed: "invalid_request",
};

const MESSAGES: Partial<Record<FailureClass, string>> = {
  timeout: "The upstream model did not answer in time.",
  connect: "The upstream provider could not be reached.",
  server_error: "The upstream provider failed.",
  rate_limited: "The upstream provider is rate limiting; retry shortly.",
  auth: "The upstream provider refused Switchboard's credential.",
  stream_interrupted: "The upstream stream was interrupted.",
  unknown: "The upstream call failed.",
};

/**
 * The error for a plan that ran out of steps. Upstream messages are shown only for the classes
 * that are the caller's to fix (invalid request, context length, content filter); they were
 * redacted by the provider layer.
 */
export function toExecutionError(failure: ExecutionFailure): AppError {
  const code = FAILURE_CODES[failure.errorClass];
  const message = MESSAGES[failure.errorClass] ?? failure.message;
  const headers: Record<string, string> =
    failure.errorClass === "rate_limited" && failure.retryAfterMs !== undefined
      ? { "retry-after": String(Math.ceil(failure.retryAfterMs / 1000)) }
      : {};
  return new AppError(code, message, { headers });
}

/** The decision status of an error answer. */
export function statusOfFailure(failure: FailureClass | null): DecisionStatus {
  if (failure === "client_closed") return "client_closed";
  if (failure === null || failure === "no_model_available") return "rejected";
  return "upstream_error";
}
