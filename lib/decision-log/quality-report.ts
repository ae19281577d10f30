/**
 * Pure fold of a route's quality report (GET /api/console/quality): decision counts, gate stage
 * counts and feedback rollup sums, each already keyed by group and bucket, become per group a
 * series and a total, plus an overall total, with rates and 95 % intervals. The reader
 * (lib/db/quality-report.ts) only queries; every number is made here.
 */
import type { FeedbackStat, QualityGroup, QualityPoint, Rate } from "@/lib/schemas/console/quality";
import type { MetricType } from "@/lib/vocabulary";
import { meanInterval, wilsonInterval } from "./quality-intervals";

/** Decisions of one group and bucket. */
export interface DecisionCounts {
  key: string;
  bucketMs: number;
  requests: number;
  /** Requests whose strategy is `cascade`: the escalation rate's denominator. */
  cascades: number;
  escalated: number;
}

/** Gated cascade stages of one group and bucket (a decision has one per gated stage). */
export interface GateCounts {
  key: string;
  bucketMs: number;
  stages: number;
  passed: number;
  /** Stages the refusal gate checked, and those it rejected. */
  refusalChecks: number;
  refusals: number;
}

/** Feedback sums of one metric (category) for one group and bucket. */
export interface FeedbackSums {
  key: string;
  bucketMs: number;
  metric: string;
  category: string;
  count: number;
  sum: number;
  sumSquares: number;
}

interface Acc {
  requests: number;
  cascades: number;
  escalated: number;
  stages: number;
  passed: number;
  refusalChecks: number;
  refusals: number;
  feedback: Map<
    string,
    { metric: string; category: string; count: number; sum: number; sq: number }
  >;
}

const newAcc = (): Acc => ({
  requests: 0,
  cascades: 0,
  escalated: 0,
  stages: 0,
  passed: 0,
  refusalChecks: 0,
  refusals: 0,
  feedback: new Map(),
});

function rate(k: number, n: number): Rate {
  const i = wilsonInterval(k, n);
  return { n, k, rate: i.value, low: i.low, high: i.high };
}

/** Type of a metric: as declared, else inferred (a category row has a category). */
export type MetricTypeOf = (metric: string, category: string) => MetricType;

function finish(acc: Acc, typeOf: MetricTypeOf): QualityPoint {
  // A category's share is over all of its metric's values in the same group and bucket.
  const perMetric = new Map<string, number>();
  for (const f of acc.feedback.values())
    perMetric.set(f.metric, (perMetric.get(f.metric) ?? 0) + f.count);
  const feedback: FeedbackStat[] = [...acc.feedback.values()]
    .filter((f) => f.count > 0)
    .map((f) => {
      const type = typeOf(f.metric, f.category);
      if (type === "number") {
        const i = meanInterval(f.count, f.sum, f.sq);
        return { metric: f.metric, category: f.category, type, n: f.count, count: f.count, ...i };
      }
      const n = type === "category" ? (perMetric.get(f.metric) ?? f.count) : f.count;
      // Booleans are stored as 0/1: their sum is the number of true values.
      const k = type === "category" ? f.count : Math.round(f.sum);
      const i = wilsonInterval(k, n);
      return { metric: f.metric, category: f.category, type, n, count: k, ...i };
    })
    .sort((a, b) => a.metric.localeCompare(b.metric) || a.category.localeCompare(b.category));
  return {
    requests: acc.requests,
    gatePass: rate(acc.passed, acc.stages),
    escalation: rate(acc.escalated, acc.cascades),
    refusal: rate(acc.refusals, acc.refusalChecks),
    feedback,
  };
}

/** Per group (sorted by requests, then key) its buckets (oldest first) and total; and the total. */
export function foldQualityReport(
  input: { decisions: DecisionCounts[]; gates: GateCounts[]; feedback: FeedbackSums[] },
  typeOf: MetricTypeOf,
): { total: QualityPoint; groups: QualityGroup[] } {
  const total = newAcc();
  const groups = new Map<string, { total: Acc; buckets: Map<number, Acc> }>();
  const accsOf = (key: string, bucketMs: number): Acc[] => {
    let g = groups.get(key);
    if (!g) {
      g = { total: newAcc(), buckets: new Map() };
      groups.set(key, g);
    }
    let b = g.buckets.get(bucketMs);
    if (!b) {
      b = newAcc();
      g.buckets.set(bucketMs, b);
    }
    return [total, g.total, b];
  };
  for (const d of input.decisions)
    for (const a of accsOf(d.key, d.bucketMs)) {
      a.requests += d.requests;
      a.cascades += d.cascades;
      a.escalated += d.escalated;
    }
  for (const s of input.gates)
    for (const a of accsOf(s.key, s.bucketMs)) {
      a.stages += s.stages;
      a.passed += s.passed;
      a.refusalChecks += s.refusalChecks;
      a.refusals += s.refusals;
    }
  for (const f of input.feedback)
    for (const a of accsOf(f.key, f.bucketMs)) {
      const id = JSON.stringify([f.metric, f.category]);
      const m = a.feedback.get(id) ?? {
        metric: f.metric,
        category: f.category,
        count: 0,
        sum: 0,
        sq: 0,
      };
      m.count += f.count;
      m.sum += f.sum;
      m.sq += f.sumSquares;
      a.feedback.set(id, m);
    }
  return {
    total: finish(total, typeOf),
    groups: [...groups.entries()]
      .map(([key, g]) => ({
        key,
        total: finish(g.total, typeOf),
        series: [...g.buckets.entries()]
          .sort(([a], [b]) => a - b)
          .map(([at, acc]) => ({
            bucketStart: new Date(at).toISOString(),
            ...finish(acc, typeOf),
          })),
      }))
      .sort((a, b) => b.total.requests - a.total.requests || a.key.localeCompare(b.key)),
  };
}
