/** Console contracts of the quality views: a route's quality report and a decision's feedback. */
import { z } from "zod";
import { FEEDBACK_SOURCES, METRIC_TYPES } from "@/lib/vocabulary";

export const QUALITY_GROUPS = ["model", "policyVersion"] as const;
export type QualityGroupBy = (typeof QUALITY_GROUPS)[number];
export const QUALITY_BUCKETS = ["hour", "day"] as const;
export type QualityBucket = (typeof QUALITY_BUCKETS)[number];
export const QUALITY_BUCKET_MS: Record<QualityBucket, number> = {
  hour: 3_600_000,
  day: 86_400_000,
};
/** Longest range one report reads (it scans the route's decisions over the range). */
export const QUALITY_MAX_SPAN_MS = 92 * 86_400_000;
/** Default range: the last 7 days. */
export const QUALITY_DEFAULT_SPAN_MS = 7 * 86_400_000;

const isoDate = z.iso.datetime({ offset: true, error: "expected an ISO date-time" });

/** Query string of GET /api/console/quality. `to` defaults to now, `from` to 7 days before. */
export const QualityQuerySchema = z
  .strictObject({
    route: z.string().trim().min(1, "name a route").max(63),
    from: isoDate.optional(),
    to: isoDate.optional(),
    groupBy: z.enum(QUALITY_GROUPS).default("model"),
    bucket: z.enum(QUALITY_BUCKETS).default("day"),
  })
  .superRefine((q, ctx) => {
    if (q.from === undefined || q.to === undefined) return;
    const span = Date.parse(q.to) - Date.parse(q.from);
    if (span <= 0)
      ctx.addIssue({ code: "custom", path: ["to"], message: "The end must be after the start." });
    else if (span > QUALITY_MAX_SPAN_MS)
      ctx.addIssue({ code: "custom", path: ["to"], message: "At most 92 days." });
  });
export type QualityQuery = z.infer<typeof QualityQuerySchema>;

/** `k` of `n` with its share and 95 % Wilson interval (null without observations). */
export const RateSchema = z.object({
  n: z.number().int().nonnegative(),
  k: z.number().int().nonnegative(),
  rate: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});
export type Rate = z.infer<typeof RateSchema>;

/**
 * One feedback metric (one category of a category metric): `n` values; `value` is the mean of a
 * number metric, the share of true of a boolean one, the share of this category among the
 * metric's `n` values of a category one; `count` is how many values are true / this category
 * (= n for number metrics). The interval is 95 %: Wilson for shares, normal for means.
 */
export const FeedbackStatSchema = z.object({
  metric: z.string(),
  category: z.string(),
  type: z.enum(METRIC_TYPES),
  n: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  value: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});
export type FeedbackStat = z.infer<typeof FeedbackStatSchema>;

export const QualityPointSchema = z.object({
  /** Decisions of the route in the bucket / group. */
  requests: z.number().int().nonnegative(),
  /** Gated cascade stages that passed, of those evaluated. */
  gatePass: RateSchema,
  /** Escalated requests of the cascade requests (strategy `cascade`) only. */
  escalation: RateSchema,
  /** Answers the refusal gate rejected, of those it checked. */
  refusal: RateSchema,
  feedback: z.array(FeedbackStatSchema),
});
export type QualityPoint = z.infer<typeof QualityPointSchema>;

export const QualitySeriesPointSchema = QualityPointSchema.extend({
  bucketStart: z.string(),
});
export type QualitySeriesPoint = z.infer<typeof QualitySeriesPointSchema>;

export const QualityGroupSchema = z.object({
  /** Model slug, or the policy version number as text ("0": none recorded). */
  key: z.string(),
  total: QualityPointSchema,
  /** Buckets with any data, oldest first. */
  series: z.array(QualitySeriesPointSchema),
});
export type QualityGroup = z.infer<typeof QualityGroupSchema>;

export const QualityMetricSchema = z.object({
  name: z.string(),
  type: z.enum(METRIC_TYPES),
  higherIsBetter: z.boolean(),
  /** False for a metric seen in feedback but no longer declared on the route. */
  declared: z.boolean(),
});

export const QualityReportSchema = z.object({
  route: z.string(),
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(QUALITY_GROUPS),
  bucket: z.enum(QUALITY_BUCKETS),
  metrics: z.array(QualityMetricSchema),
  total: QualityPointSchema,
  groups: z.array(QualityGroupSchema),
});
export type QualityReport = z.infer<typeof QualityReportSchema>;

/** One feedback value of a decision, as the decision page lists it. */
export const DecisionFeedbackSchema = z.object({
  metric: z.string(),
  source: z.enum(FEEDBACK_SOURCES),
  value: z.number().nullable(),
  category: z.string().nullable(),
  comment: z.string().nullable(),
  updatedAt: z.string(),
});
export type DecisionFeedback = z.infer<typeof DecisionFeedbackSchema>;
export const DecisionFeedbackListSchema = z.object({ feedback: z.array(DecisionFeedbackSchema) });
