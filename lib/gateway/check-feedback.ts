/**
 * The `POST /v1/feedback` body, checked by hand like the chat body (cheap at thousands of events a
 * second; each refusal names its `param`), and a value checked against its metric's declaration.
 */
import { AppError } from "@/lib/errors";
import type { RouteMetric } from "@/lib/schemas/route-metrics";
import { FEEDBACK_SOURCES, isMember, type FeedbackSource } from "@/lib/vocabulary";

export interface FeedbackBody {
  by: { decisionId: string } | { requestId: string };
  metric: string;
  value: boolean | number | string;
  source: FeedbackSource;
  comment: string | null;
  endUserId: string | null;
}

const FIELDS = new Set([
  "decision_id",
  "request_id",
  "metric",
  "value",
  "source",
  "comment",
  "user",
]);
const MAX_COMMENT = 4_000;
const MAX_ID = 256;

const invalid = (param: string, message: string): AppError =>
  new AppError("invalid_request", message, { param });

function optionalString(body: Record<string, unknown>, param: string, max: number): string | null {
  const v = body[param];
  if (v === undefined || v === null) return null;
  if (typeof v !== "string") throw invalid(param, `'${param}' must be a string.`);
  if (v.length > max) throw invalid(param, `'${param}' is longer than ${max} characters.`);
  return v;
}

export function parseFeedbackBody(raw: unknown): FeedbackBody {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw invalid("body", "The body must be a JSON object.");
  const body = raw as Record<string, unknown>;
  for (const key of Object.keys(body))
    if (!FIELDS.has(key)) throw invalid(key, `Unrecognized field '${key}'.`);
  const decisionId = optionalString(body, "decision_id", MAX_ID);
  const requestId = optionalString(body, "request_id", MAX_ID);
  if ((decisionId === null) === (requestId === null))
    throw invalid("decision_id", "Send exactly one of 'decision_id' and 'request_id'.");
  const metric = optionalString(body, "metric", 63);
  if (!metric) throw invalid("metric", "'metric' is required.");
  const value = body.value;
  if (typeof value !== "boolean" && typeof value !== "number" && typeof value !== "string")
    throw invalid("value", "'value' must be a boolean, a number or a category name.");
  const source = body.source ?? "user";
  if (!isMember(FEEDBACK_SOURCES, source))
    throw invalid("source", `'source' must be one of ${FEEDBACK_SOURCES.join(", ")}.`);
  return {
    by: decisionId !== null ? { decisionId } : { requestId: requestId as string },
    metric,
    value,
    source,
    comment: optionalString(body, "comment", MAX_COMMENT),
    endUserId: optionalString(body, "user", MAX_ID),
  };
}

/** The stored form of a value: a number (boolean as 0/1) or a category; 400 on `value` else. */
export function checkMetricValue(
  metric: RouteMetric,
  value: FeedbackBody["value"],
): { value: number | null; category: string | null } {
  switch (metric.type) {
    case "boolean":
      if (typeof value !== "boolean")
        throw invalid("value", `Metric '${metric.name}' takes true or false.`);
      return { value: value ? 1 : 0, category: null };
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value))
        throw invalid("value", `Metric '${metric.name}' takes a number.`);
      if (
        (metric.min !== null && value < metric.min) ||
        (metric.max !== null && value > metric.max)
      )
        throw invalid(
          "value",
          `Metric '${metric.name}' takes a number in [${metric.min ?? "-∞"}, ${metric.max ?? "∞"}].`,
        );
      return { value, category: null };
    case "category":
      if (typeof value !== "string" || !metric.categories.includes(value))
        throw invalid(
          "value",
          `Metric '${metric.name}' takes one of: ${metric.categories.join(", ")}.`,
        );
      return { value: null, category: value };
  }
}
