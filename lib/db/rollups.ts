/**
 * Dashboard queries over DecisionRollup (never raw decisions): spend over time by route, model
 * or tenant, savings against the baseline, error/escalation/fallback rates and latency
 * percentiles per route (from the summed fixed-bucket histograms), and budget burn per tenant.
 * Short ranges read minute rows, long ones hour rows; cost follows rollup rows, not requests.
 */
import { percentileFromHistogram } from "@/lib/telemetry/histogram";
import { Prisma, type PrismaClient } from "./generated/client";
import { currentWindowStart } from "./budget-rows";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A preset range ending now, or a custom one. */
export type RollupRange = "1h" | "24h" | "7d" | "30d" | { from: Date; to: Date };

/** A range resolved to rows and chart step. */
export interface ResolvedRange {
  from: Date;
  to: Date;
  granularity: "minute" | "hour";
  /** Series point spacing (a multiple of the granularity). */
  stepMs: number;
}

const PRESET_MS = { "1h": HOUR, "24h": DAY, "7d": 7 * DAY, "30d": 30 * DAY } as const;

/** Minute rows up to 6 h (1-minute steps up to 2 h, 5 beyond), hour rows past (1 h steps up to 7 d, then days). */
export function resolveRollupRange(range: RollupRange, now: Date): ResolvedRange {
  const to = typeof range === "string" ? now : range.to;
  const from = typeof range === "string" ? new Date(now.getTime() - PRESET_MS[range]) : range.from;
  const span = Math.max(0, to.getTime() - from.getTime());
  if (span <= 2 * HOUR) return { from, to, granularity: "minute", stepMs: MINUTE };
  if (span <= 6 * HOUR) return { from, to, granularity: "minute", stepMs: 5 * MINUTE };
  if (span <= 7 * DAY) return { from, to, granularity: "hour", stepMs: HOUR };
  return { from, to, granularity: "hour", stepMs: DAY };
}

/** Dimension of a spend series. */
export type SpendGroup = "route" | "model" | "tenant";

const GROUP_COLUMN: Record<SpendGroup, Prisma.Sql> = {
  route: Prisma.raw(`"routeSlug"`),
  model: Prisma.raw(`"model"`),
  tenant: Prisma.raw(`"tenantId"`),
};

/** One point of a spend series. */
export interface SpendPoint {
  bucketStart: Date;
  key: string;
  requests: number;
  costUsd: number;
  baselineCostUsd: number;
}

function where(r: ResolvedRange, tenantId?: string): Prisma.Sql {
  const tenant = tenantId === undefined ? Prisma.empty : Prisma.sql` AND "tenantId" = ${tenantId}`;
  return Prisma.sql`"granularity" = ${r.granularity} AND "bucketStart" >= ${r.from}::timestamptz
    AND "bucketStart" < ${r.to}::timestamptz${tenant}`;
}

/** Spend per step and group key, oldest first. */
export async function readSpendSeries(
  db: PrismaClient,
  r: ResolvedRange,
  groupBy: SpendGroup,
  tenantId?: string,
): Promise<SpendPoint[]> {
  const stepS = r.stepMs / 1000;
  const rows = await db.$queryRaw<
    { t: Date; key: string; requests: bigint; cost: number; baseline: number }[]
  >`
    SELECT to_timestamp(floor(extract(epoch FROM "bucketStart") / ${stepS}) * ${stepS}) AS t,
      ${GROUP_COLUMN[groupBy]} AS key, SUM("requests")::bigint AS requests,
      SUM("costUsd")::float8 AS cost, SUM("baselineCostUsd")::float8 AS baseline
    FROM "DecisionRollup" WHERE ${where(r, tenantId)}
    GROUP BY 1, 2 ORDER BY 1, 2`;
  return rows.map((x) => ({
    bucketStart: new Date(x.t),
    key: x.key,
    requests: Number(x.requests),
    costUsd: Number(x.cost),
    baselineCostUsd: Number(x.baseline),
  }));
}

/** Totals of a range: spend, what the baseline model would have cost, and the saving. */
export interface SavingsSummary {
  requests: number;
  costUsd: number;
  baselineCostUsd: number;
  savingsUsd: number;
  /** savings / baseline, 0 when there is no baseline spend. */
  savingsRatio: number;
}

export async function readSavings(
  db: PrismaClient,
  r: ResolvedRange,
  tenantId?: string,
): Promise<SavingsSummary> {
  const [row] = await db.$queryRaw<
    { requests: bigint | null; cost: number | null; baseline: number | null }[]
  >`
    SELECT SUM("requests")::bigint AS requests, SUM("costUsd")::float8 AS cost,
      SUM("baselineCostUsd")::float8 AS baseline
    FROM "DecisionRollup" WHERE ${where(r, tenantId)}`;
  const cost = Number(row?.cost ?? 0);
  const baseline = Number(row?.baseline ?? 0);
  return {
    requests: Number(row?.requests ?? 0),
    costUsd: cost,
    baselineCostUsd: baseline,
    savingsUsd: baseline - cost,
    savingsRatio: baseline > 0 ? (baseline - cost) / baseline : 0,
  };
}

/** Health of one route over a range. */
export interface RouteHealth {
  routeSlug: string;
  requests: number;
  errorRate: number;
  escalationRate: number;
  fallbackRate: number;
  avgLatencyMs: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
}

/** Rates and latency percentiles per route, busiest first. */
export async function readRouteHealth(
  db: PrismaClient,
  r: ResolvedRange,
  tenantId?: string,
): Promise<RouteHealth[]> {
  const totals = await db.$queryRaw<
    { route: string; requests: bigint; errors: bigint; esc: bigint; fb: bigint; lat: bigint }[]
  >`
    SELECT "routeSlug" AS route, SUM("requests")::bigint AS requests, SUM("errors")::bigint AS errors,
      SUM("escalations")::bigint AS esc, SUM("fallbacks")::bigint AS fb,
      SUM("latencySumMs")::bigint AS lat
    FROM "DecisionRollup" WHERE ${where(r, tenantId)}
    GROUP BY 1 ORDER BY 2 DESC, 1`;
  const buckets = await db.$queryRaw<{ route: string; i: bigint; n: bigint }[]>`
    SELECT "routeSlug" AS route, h.i AS i, SUM(h.v)::bigint AS n
    FROM "DecisionRollup", unnest("latencyHist") WITH ORDINALITY AS h(v, i)
    WHERE ${where(r, tenantId)} GROUP BY 1, 2`;
  const hists = new Map<string, number[]>();
  for (const b of buckets) {
    const hist = hists.get(b.route) ?? [];
    hist[Number(b.i) - 1] = Number(b.n);
    hists.set(b.route, hist);
  }
  return totals.map((t) => {
    const requests = Number(t.requests);
    const hist = Array.from(hists.get(t.route) ?? [], (v) => v ?? 0);
    const rate = (n: bigint) => (requests > 0 ? Number(n) / requests : 0);
    return {
      routeSlug: t.route,
      requests,
      errorRate: rate(t.errors),
      escalationRate: rate(t.esc),
      fallbackRate: rate(t.fb),
      avgLatencyMs: requests > 0 ? Number(t.lat) / requests : 0,
      p50LatencyMs: percentileFromHistogram(hist, 0.5),
      p95LatencyMs: percentileFromHistogram(hist, 0.95),
    };
  });
}

/** One budget of one tenant, in its current window. */
export interface BudgetBurnRow {
  tenantId: string;
  tenantSlug: string;
  period: "daily" | "monthly";
  limitUsd: number;
  spentUsd: number;
  leasedUsd: number;
  fractionSpent: number;
  state: "ok" | "soft" | "hard";
}

/** Budget burn per tenant (a stale window reads as zero spend, as the next lease would make it). */
export async function readBudgetBurnByTenant(
  db: PrismaClient,
  now: Date,
  tenantId?: string,
): Promise<BudgetBurnRow[]> {
  const rows = await db.budget.findMany({
    where: tenantId === undefined ? {} : { tenantId },
    orderBy: [{ tenantId: "asc" }, { period: "asc" }],
    take: 1000,
    select: {
      tenantId: true,
      period: true,
      limitUsd: true,
      softThreshold: true,
      hardLimit: true,
      windowStart: true,
      spentUsd: true,
      leasedUsd: true,
      tenant: { select: { slug: true } },
    },
  });
  return rows.map((b) => {
    const stale = b.windowStart.getTime() < currentWindowStart(b.period, now).getTime();
    const limit = b.limitUsd.toNumber();
    const spent = stale ? 0 : b.spentUsd.toNumber();
    const fraction = limit > 0 ? spent / limit : 0;
    const state =
      b.hardLimit && fraction >= 1
        ? "hard"
        : fraction >= b.softThreshold.toNumber()
          ? "soft"
          : "ok";
    return {
      tenantId: b.tenantId,
      tenantSlug: b.tenant.slug,
      period: b.period,
      limitUsd: limit,
      spentUsd: spent,
      leasedUsd: stale ? 0 : b.leasedUsd.toNumber(),
      fractionSpent: fraction,
      state,
    };
  });
}
