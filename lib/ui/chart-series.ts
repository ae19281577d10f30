/**
 * Prepares dashboard data for charts (pure): pivots long rollup rows into one row per time
 * bucket, fills empty buckets with zeros so lines and stacks do not skip, and folds small groups
 * into "Other". Series use index keys (`s0`, `s1`…) because recharts reads dots in a dataKey as a
 * path, and model slugs contain dots.
 */
import type { RouteStats, SpendPoint } from "@/lib/schemas/console/overview";
import { ratio } from "./format";

export const PALETTE = [
  "#2f5bea",
  "#16a34a",
  "#ea580c",
  "#9333ea",
  "#0891b2",
  "#db2777",
  "#ca8a04",
  "#64748b",
] as const;

export interface SeriesKey {
  dataKey: string;
  label: string;
  color: string;
}

export type ChartRow = { t: number } & Record<string, number>;

/** Bucket starts from the bucket holding `from` up to (excluding) `to`. */
export function bucketTimes(from: number, to: number, stepMs: number): number[] {
  if (!(stepMs > 0) || to <= from) return [];
  const out: number[] = [];
  for (let t = Math.floor(from / stepMs) * stepMs; t < to && out.length < 5000; t += stepMs)
    out.push(t);
  return out;
}

export interface SeriesWindow {
  from: number;
  to: number;
  stepMs: number;
}

/**
 * Stacked spend: the `maxSeries - 1` largest groups by total cost, the rest summed as "Other"
 * (only when there is a rest). Returns keys in stacking order (largest first).
 */
export function buildStackedSpend(
  points: readonly SpendPoint[],
  window: SeriesWindow,
  labels: Readonly<Record<string, string>>,
  maxSeries = 8,
): { keys: SeriesKey[]; rows: ChartRow[] } {
  const totals = new Map<string, number>();
  for (const p of points) totals.set(p.key, (totals.get(p.key) ?? 0) + p.costUsd);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const overflow = ranked.length > maxSeries;
  const shown = overflow ? ranked.slice(0, maxSeries - 1) : ranked;
  const index = new Map(shown.map(([key], i) => [key, `s${i}`]));
  const keys: SeriesKey[] = shown.map(([key], i) => ({
    dataKey: `s${i}`,
    label: labels[key] ?? key,
    color: PALETTE[i % PALETTE.length] ?? "#64748b",
  }));
  if (overflow) keys.push({ dataKey: "other", label: "Other", color: "#94a3b8" });
  const rows = new Map<number, ChartRow>();
  for (const t of bucketTimes(window.from, window.to, window.stepMs)) {
    const row: ChartRow = { t };
    for (const k of keys) row[k.dataKey] = 0;
    rows.set(t, row);
  }
  for (const p of points) {
    const row = rows.get(p.t);
    if (!row) continue;
    const dataKey = index.get(p.key) ?? "other";
    row[dataKey] = (row[dataKey] ?? 0) + p.costUsd;
  }
  return { keys, rows: [...rows.values()] };
}

export interface TotalsRow {
  t: number;
  costUsd: number;
  baselineCostUsd: number;
  savingsUsd: number;
  requests: number;
  errors: number;
  /** Null when the bucket had no requests (the line breaks rather than dropping to 0%). */
  errorRate: number | null;
}

/** Per-bucket totals across groups: spend vs baseline, savings, requests and error rate. */
export function buildTotalsSeries(
  points: readonly SpendPoint[],
  window: SeriesWindow,
): TotalsRow[] {
  const rows = new Map<number, TotalsRow>();
  for (const t of bucketTimes(window.from, window.to, window.stepMs))
    rows.set(t, {
      t,
      costUsd: 0,
      baselineCostUsd: 0,
      savingsUsd: 0,
      requests: 0,
      errors: 0,
      errorRate: null,
    });
  for (const p of points) {
    const row = rows.get(p.t);
    if (!row) continue;
    row.costUsd += p.costUsd;
    row.baselineCostUsd += p.baselineCostUsd;
    row.requests += p.requests;
    row.errors += p.errors;
  }
  for (const row of rows.values()) {
    row.savingsUsd = row.baselineCostUsd - row.costUsd;
    row.errorRate = ratio(row.errors, row.requests);
  }
  return [...rows.values()];
}

export interface Totals {
  requests: number;
  costUsd: number;
  baselineCostUsd: number;
  savingsUsd: number;
  savingsRatio: number | null;
  errorRate: number | null;
  escalationRate: number | null;
  fallbackRate: number | null;
}

export function summarizeTotals(routes: readonly RouteStats[]): Totals {
  const sum = (f: (r: RouteStats) => number) => routes.reduce((acc, r) => acc + f(r), 0);
  const requests = sum((r) => r.requests);
  const costUsd = sum((r) => r.costUsd);
  const baselineCostUsd = sum((r) => r.baselineCostUsd);
  return {
    requests,
    costUsd,
    baselineCostUsd,
    savingsUsd: baselineCostUsd - costUsd,
    savingsRatio: ratio(baselineCostUsd - costUsd, baselineCostUsd),
    errorRate: ratio(
      sum((r) => r.errors),
      requests,
    ),
    escalationRate: ratio(
      sum((r) => r.escalations),
      requests,
    ),
    fallbackRate: ratio(
      sum((r) => r.fallbacks),
      requests,
    ),
  };
}

export interface RouteRateRow {
  route: string;
  requests: number;
  /** Percentages (0..100) for the bar charts. */
  escalationPct: number;
  fallbackPct: number;
  errorPct: number;
  p50Ms: number;
  p95Ms: number;
}

/** Per-route rates and latency, busiest route first; routes without traffic are left out. */
export function buildRouteRates(routes: readonly RouteStats[]): RouteRateRow[] {
  return routes
    .filter((r) => r.requests > 0)
    .sort((a, b) => b.requests - a.requests || a.routeSlug.localeCompare(b.routeSlug))
    .map((r) => ({
      route: r.routeSlug,
      requests: r.requests,
      escalationPct: (r.escalations / r.requests) * 100,
      fallbackPct: (r.fallbacks / r.requests) * 100,
      errorPct: (r.errors / r.requests) * 100,
      p50Ms: r.p50Ms ?? 0,
      p95Ms: r.p95Ms ?? 0,
    }));
}

export interface WaterfallBar {
  position: number;
  label: string;
  /** Percentages of the whole timeline (0..100). */
  leftPct: number;
  widthPct: number;
  /** Time to first token as a percentage of the timeline, or null. */
  ttftPct: number | null;
  startMs: number;
  durationMs: number;
  ttftMs: number | null;
  outcome: string;
}

/**
 * Attempts as waterfall bars on one timeline: it starts at the request (or the first attempt,
 * if earlier) and ends at the request's end or the last attempt's end, whichever is later.
 */
export function buildWaterfall(
  requestStart: number,
  totalMs: number,
  attempts: ReadonlyArray<{
    position: number;
    kind: string;
    model: string;
    startedAt: string;
    durationMs: number;
    ttftMs: number | null;
    outcome: string;
  }>,
): { totalMs: number; bars: WaterfallBar[] } {
  const starts = attempts.map((a) => Date.parse(a.startedAt));
  const t0 = Math.min(requestStart, ...starts);
  const end = Math.max(
    requestStart + totalMs,
    ...attempts.map((a, i) => (starts[i] ?? t0) + a.durationMs),
  );
  const span = Math.max(1, end - t0);
  const bars = attempts.map((a, i) => {
    const startMs = (starts[i] ?? t0) - t0;
    return {
      position: a.position,
      label: `${a.kind} · ${a.model}`,
      leftPct: (startMs / span) * 100,
      widthPct: Math.max(0.5, (a.durationMs / span) * 100),
      ttftPct: a.ttftMs === null ? null : ((startMs + a.ttftMs) / span) * 100,
      startMs,
      durationMs: a.durationMs,
      ttftMs: a.ttftMs,
      outcome: a.outcome,
    };
  });
  return { totalMs: span, bars };
}
