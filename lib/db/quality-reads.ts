/**
 * Quality reads for the console: a route's feedback rollups over a time range, per metric, per
 * model × policy version and per hour, with the decision rollups' counts beside them. Reads
 * rollups only, never raw feedback or decisions.
 */
import { estimateQuality, type QualityEstimate } from "@/lib/decision-log/quality-rollup";
import type { PrismaClient } from "./generated/client";

/** One metric (one category of a category metric) of a route. */
export interface MetricQuality {
  metric: string;
  /** The category counted ("" for boolean and number metrics, whose mean is the value). */
  category: string;
  total: QualityEstimate;
  /** Per model × policy version: compare models and policy versions on the same metric. */
  byVariant: { model: string; policyVersion: number; estimate: QualityEstimate }[];
  /** Per hour of the decisions, oldest first: the trend. */
  buckets: { bucketStart: Date; estimate: QualityEstimate }[];
}

export interface RouteQuality {
  routeSlug: string;
  metrics: MetricQuality[];
  /**
   * The route's decisions over the range (hour rollups). Escalations count over all of the route's
   * traffic: the rollups do not yet count cascade requests or gate results apart.
   */
  decisions: { requests: number; errors: number; escalations: number };
}

/** Enough hour rows for months of a route with a few models, metrics and versions. */
const MAX_ROWS = 50_000;

type Sums = { count: number; sum: number; sumSquares: number };
const addTo = (map: Map<string, Sums>, key: string, row: Sums): void => {
  const s = map.get(key) ?? { count: 0, sum: 0, sumSquares: 0 };
  s.count += row.count;
  s.sum += row.sum;
  s.sumSquares += row.sumSquares;
  map.set(key, s);
};
const estimate = (s: Sums): QualityEstimate => estimateQuality(s.count, s.sum, s.sumSquares);

export async function readRouteQuality(
  db: PrismaClient,
  routeSlug: string,
  range: { from: Date; to: Date },
): Promise<RouteQuality> {
  const [rows, decisions] = await Promise.all([
    db.qualityRollup.findMany({
      where: { routeSlug, bucketStart: { gte: range.from, lt: range.to } },
      orderBy: { bucketStart: "asc" },
      take: MAX_ROWS,
    }),
    db.decisionRollup.aggregate({
      where: { routeSlug, granularity: "hour", bucketStart: { gte: range.from, lt: range.to } },
      _sum: { requests: true, errors: true, escalations: true },
    }),
  ]);
  const metrics = new Map<
    string,
    { totals: Map<string, Sums>; variants: Map<string, Sums>; buckets: Map<string, Sums> }
  >();
  for (const row of rows) {
    const key = JSON.stringify([row.metric, row.category]);
    let m = metrics.get(key);
    if (!m) {
      m = { totals: new Map(), variants: new Map(), buckets: new Map() };
      metrics.set(key, m);
    }
    addTo(m.totals, "", row);
    addTo(m.variants, JSON.stringify([row.model, row.policyVersion]), row);
    addTo(m.buckets, row.bucketStart.toISOString(), row);
  }
  return {
    routeSlug,
    metrics: [...metrics.entries()]
      .map(([key, m]) => {
        const [metric, category] = JSON.parse(key) as [string, string];
        return {
          metric,
          category,
          total: estimate(m.totals.get("") ?? { count: 0, sum: 0, sumSquares: 0 }),
          byVariant: [...m.variants.entries()].map(([k, s]) => {
            const [model, policyVersion] = JSON.parse(k) as [string, number];
            return { model, policyVersion, estimate: estimate(s) };
          }),
          buckets: [...m.buckets.entries()].map(([at, s]) => ({
            bucketStart: new Date(at),
            estimate: estimate(s),
          })),
        };
      })
      .sort((a, b) => a.metric.localeCompare(b.metric) || a.category.localeCompare(b.category)),
    decisions: {
      requests: decisions._sum.requests ?? 0,
      errors: decisions._sum.errors ?? 0,
      escalations: decisions._sum.escalations ?? 0,
    },
  };
}
