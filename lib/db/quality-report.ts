/**
 * The console's quality report of one route (GET /api/console/quality) and a decision's feedback.
 * Feedback comes from the hour `QualityRollup` rows. Gate, cascade and refusal counts are not in
 * the decision rollups, so they are counted from the route's decisions over the range (index
 * `routeSlug, createdAt`; the schema caps a range at 92 days). Gate stages are attributed to the
 * model that produced the gated answer, everything else to the decision's final model.
 */
import {
  foldQualityReport,
  type DecisionCounts,
  type FeedbackSums,
  type GateCounts,
} from "@/lib/decision-log/quality-report";
import type {
  DecisionFeedback,
  QualityBucket,
  QualityGroupBy,
  QualityReport,
} from "@/lib/schemas/console/quality";
import { QUALITY_BUCKET_MS } from "@/lib/schemas/console/quality";
import { isUuid } from "@/lib/ids";
import type { MetricType } from "@/lib/vocabulary";
import { sqlQuery } from "./engine/raw-sql";
import type { PrismaClient } from "./generated/client";
import { listRouteMetrics } from "./route-metrics";

export interface QualityReportInput {
  route: string;
  from: Date;
  to: Date;
  groupBy: QualityGroupBy;
  bucket: QualityBucket;
}

/** Fixed SQL per group-by (never user text). */
const DECISION_KEY: Record<QualityGroupBy, string> = {
  model: `COALESCE(d."finalModel", '')`,
  policyVersion: `COALESCE(d."policyVersion", 0)::text`,
};
const STAGE_KEY: Record<QualityGroupBy, string> = {
  model: `COALESCE(g->>'model', '')`,
  policyVersion: `COALESCE(d."policyVersion", 0)::text`,
};
const ROLLUP_KEY: Record<QualityGroupBy, string> = {
  model: `q."model"`,
  policyVersion: `q."policyVersion"::text`,
};

const bin = (bucket: QualityBucket, column: string): string =>
  `date_bin('${QUALITY_BUCKET_MS[bucket] / 1000} seconds'::interval, ${column}, TIMESTAMPTZ '2000-01-01T00:00:00Z')`;

const ms = (v: unknown): number =>
  v instanceof Date ? v.getTime() : new Date(String(v)).getTime();
const num = (v: unknown): number => Number(v ?? 0);

/** A stage's gate list as an array ('[]' for anything else: old or malformed records). */
const ARRAY = (expr: string): string =>
  `CASE WHEN jsonb_typeof(${expr}) = 'array' THEN ${expr} ELSE '[]'::jsonb END`;
const REFUSAL = (extra: string): string =>
  `EXISTS (SELECT 1 FROM jsonb_array_elements(${ARRAY("g->'results'")}) r
     WHERE r->>'gate' = 'refusal'${extra})`;

export async function readQualityReport(
  db: PrismaClient,
  input: QualityReportInput,
): Promise<QualityReport> {
  const { route, from, to, groupBy, bucket } = input;
  const range = [route, from, to];
  const where = `d."routeSlug" = $1 AND d."createdAt" >= $2 AND d."createdAt" < $3`;
  const [metrics, decisionRows, gateRows, feedbackRows] = await Promise.all([
    listRouteMetrics(db, route),
    sqlQuery(
      db,
      `SELECT ${bin(bucket, `d."createdAt"`)} AS t, ${DECISION_KEY[groupBy]} AS key,
         count(*)::int AS requests,
         count(*) FILTER (WHERE d."strategy" = 'cascade')::int AS cascades,
         count(*) FILTER (WHERE d."strategy" = 'cascade' AND d."escalated")::int AS escalated
       FROM "Decision" d WHERE ${where} GROUP BY 1, 2`,
      range,
    ),
    sqlQuery(
      db,
      `SELECT ${bin(bucket, `d."createdAt"`)} AS t, ${STAGE_KEY[groupBy]} AS key,
         count(*)::int AS stages,
         count(*) FILTER (WHERE g->>'passed' = 'true')::int AS passed,
         count(*) FILTER (WHERE ${REFUSAL("")})::int AS refusal_checks,
         count(*) FILTER (WHERE ${REFUSAL(` AND r->>'passed' = 'false'`)})::int AS refusals
       FROM "Decision" d CROSS JOIN LATERAL jsonb_array_elements(${ARRAY(`d."gateResults"`)}) g
       WHERE ${where} AND jsonb_typeof(g->'passed') = 'boolean' GROUP BY 1, 2`,
      range,
    ),
    sqlQuery(
      db,
      `SELECT ${bin(bucket, `q."bucketStart"`)} AS t, ${ROLLUP_KEY[groupBy]} AS key,
         q."metric", q."category", SUM(q."count")::int AS count,
         SUM(q."sum")::float8 AS sum, SUM(q."sumSquares")::float8 AS sq
       FROM "QualityRollup" q
       WHERE q."routeSlug" = $1 AND q."bucketStart" >= $2 AND q."bucketStart" < $3
       GROUP BY 1, 2, 3, 4`,
      range,
    ),
  ]);
  const decisions: DecisionCounts[] = decisionRows.map((r) => ({
    key: String(r.key),
    bucketMs: ms(r.t),
    requests: num(r.requests),
    cascades: num(r.cascades),
    escalated: num(r.escalated),
  }));
  const gates: GateCounts[] = gateRows.map((r) => ({
    key: String(r.key),
    bucketMs: ms(r.t),
    stages: num(r.stages),
    passed: num(r.passed),
    refusalChecks: num(r.refusal_checks),
    refusals: num(r.refusals),
  }));
  const feedback: FeedbackSums[] = feedbackRows.map((r) => ({
    key: String(r.key),
    bucketMs: ms(r.t),
    metric: String(r.metric),
    category: String(r.category),
    count: num(r.count),
    sum: num(r.sum),
    sumSquares: num(r.sq),
  }));
  const declared = new Map(metrics.map((m) => [m.name, m]));
  const seen = new Map<string, MetricType>();
  for (const f of feedback)
    if (!declared.has(f.metric) && !seen.has(f.metric))
      seen.set(f.metric, f.category !== "" ? "category" : "number");
  const typeOf = (metric: string): MetricType =>
    declared.get(metric)?.type ?? seen.get(metric) ?? "number";
  const folded = foldQualityReport({ decisions, gates, feedback }, typeOf);
  return {
    route,
    from: from.toISOString(),
    to: to.toISOString(),
    groupBy,
    bucket,
    metrics: [
      ...metrics.map((m) => ({
        name: m.name,
        type: m.type,
        higherIsBetter: m.higherIsBetter,
        declared: true,
      })),
      ...[...seen.entries()].map(([name, type]) => ({
        name,
        type,
        higherIsBetter: true,
        declared: false,
      })),
    ],
    ...folded,
  };
}

/** A decision's feedback, newest first (a handful per decision: one per metric and source). */
export async function listDecisionFeedback(
  db: PrismaClient,
  decisionId: string,
): Promise<DecisionFeedback[]> {
  if (!isUuid(decisionId)) return [];
  const rows = await db.feedback.findMany({
    where: { decisionId },
    select: {
      metric: true,
      source: true,
      value: true,
      category: true,
      comment: true,
      updatedAt: true,
    },
    orderBy: [{ updatedAt: "desc" }, { metric: "asc" }],
    take: 200,
  });
  return rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));
}
