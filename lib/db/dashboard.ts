/**
 * Overview dashboard reads, all from `DecisionRollup` (never the raw decisions): minute rows for
 * recent ranges up to 24 h, hour rows up to 8 days, day rows (with hour rows for the partial days
 * at the edges) beyond; `planBuckets` (overview-buckets.ts) decides. Each query is one GROUP BY
 * over index ranges of (granularity, bucketStart), so the cost follows the number of rollup rows,
 * not of decisions.
 */
import { HISTOGRAM_LENGTH, percentileFromHistogram } from "@/lib/decision-log/histogram";
import type {
  BudgetBurn,
  Overview,
  RouteStats,
  SpendGroup,
  SpendPoint,
} from "@/lib/schemas/console/overview";
import { currentWindowStart } from "./budgets";
import { readWindowSpendOf, spendOf } from "./budget-spend";
import { Prisma, type PrismaClient } from "./generated/client";
import { planBuckets, type BucketPart } from "./overview-buckets";

export { planBuckets, type BucketPart, type BucketPlan } from "./overview-buckets";

export interface OverviewWindow {
  from: Date;
  to: Date;
  groupBy: SpendGroup;
  /** The time the read happens (default: now); minute rows are read only within retention. */
  now?: Date;
}

const GROUP_COLUMN: Record<SpendGroup, Prisma.Sql> = {
  route: Prisma.raw(`"routeSlug"`),
  model: Prisma.raw(`"model"`),
  tenant: Prisma.raw(`"tenantId"`),
};

interface SpendRow {
  t: Date;
  key: string;
  cost: number;
  baseline: number;
  requests: number;
  errors: number;
}

interface RouteRow {
  route: string;
  requests: number;
  errors: number;
  escalations: number;
  fallbacks: number;
  cost: number;
  baseline: number;
  demo: boolean | null;
  /** Element-wise sum of the rows' histograms (null where no row has that bucket). */
  hist: Array<number | null>;
}

/**
 * `ARRAY[SUM("latencyHist"[1]), …]`: the histograms summed element-wise in the same pass as the
 * counters. Unnesting them instead multiplies the rows to aggregate by the histogram length (23):
 * seconds at 30 days of 3M decisions ("Console overview at scale" in docs/benchmarks.md).
 */
const HIST_SUM = Prisma.raw(
  `ARRAY[${Array.from({ length: HISTOGRAM_LENGTH }, (_, i) => `SUM("latencyHist"[${i + 1}])`).join(", ")}]::float8[]`,
);

export async function readOverview(db: PrismaClient, w: OverviewWindow): Promise<Overview> {
  const started = performance.now();
  const { granularity, stepMs, parts } = planBuckets(
    w.from.getTime(),
    w.to.getTime(),
    (w.now ?? new Date()).getTime(),
  );
  const inRange = partsCondition(parts);
  const step = `${stepMs / 1000} seconds`;
  const [spend, routes, budgets] = await Promise.all([
    db.$queryRaw<SpendRow[]>`
      SELECT date_bin(${step}::interval, "bucketStart", TIMESTAMPTZ '2000-01-01T00:00:00Z') AS t,
        ${GROUP_COLUMN[w.groupBy]} AS key,
        SUM("costUsd")::float8 AS cost, SUM("baselineCostUsd")::float8 AS baseline,
        SUM("requests")::float8 AS requests, SUM("errors")::float8 AS errors
      FROM "DecisionRollup" WHERE ${inRange}
      GROUP BY 1, 2 ORDER BY 1`,
    db.$queryRaw<RouteRow[]>`
      SELECT "routeSlug" AS route, SUM("requests")::float8 AS requests,
        SUM("errors")::float8 AS errors, SUM("escalations")::float8 AS escalations,
        SUM("fallbacks")::float8 AS fallbacks, SUM("costUsd")::float8 AS cost,
        SUM("baselineCostUsd")::float8 AS baseline, bool_or("isDemo") AS demo, ${HIST_SUM} AS hist
      FROM "DecisionRollup" WHERE ${inRange}
      GROUP BY 1 ORDER BY 1`,
    readBudgetBurn(db),
  ]);
  const routeStats: RouteStats[] = routes.map((r) => {
    const hist = r.hist.map((n) => n ?? 0);
    return {
      routeSlug: r.route,
      requests: r.requests,
      errors: r.errors,
      escalations: r.escalations,
      fallbacks: r.fallbacks,
      costUsd: r.cost,
      baselineCostUsd: r.baseline,
      p50Ms: percentileFromHistogram(hist, 0.5),
      p95Ms: percentileFromHistogram(hist, 0.95),
    };
  });
  const points: SpendPoint[] = spend.map((s) => ({
    t: s.t.getTime(),
    key: s.key,
    costUsd: s.cost,
    baselineCostUsd: s.baseline,
    requests: s.requests,
    errors: s.errors,
  }));
  return {
    from: w.from.getTime(),
    to: w.to.getTime(),
    granularity,
    stepMs,
    groupBy: w.groupBy,
    isDemo: routes.some((r) => r.demo === true),
    labels: await groupLabels(db, w.groupBy, points),
    spend: points,
    routes: routeStats,
    budgets,
    queryMs: Math.round(performance.now() - started),
  };
}

/** Rows in any of the parts: an OR of index ranges (a BitmapOr, or one range for one part). */
function partsCondition(parts: readonly BucketPart[]): Prisma.Sql {
  const ranges = parts.map(
    (p) =>
      Prisma.sql`("granularity" = ${p.granularity} AND "bucketStart" >= ${new Date(p.fromMs)} AND "bucketStart" < ${new Date(p.toMs)})`,
  );
  return Prisma.sql`(${Prisma.join(ranges, " OR ")})`;
}

async function groupLabels(
  db: PrismaClient,
  groupBy: SpendGroup,
  points: SpendPoint[],
): Promise<Record<string, string>> {
  const keys = [...new Set(points.map((p) => p.key))];
  const labels: Record<string, string> = {};
  for (const k of keys) if (k === "") labels[k] = groupBy === "model" ? "(no model)" : "(none)";
  if (groupBy !== "tenant") return labels;
  const ids = keys.filter((k) => /^[0-9a-f-]{36}$/i.test(k));
  if (ids.length === 0) return labels;
  const tenants = await db.tenant.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true },
  });
  for (const t of tenants) labels[t.id] = t.name;
  return labels;
}

/** Current-window spend (settled + leased) against every budget, highest burn first. */
export async function readBudgetBurn(
  db: PrismaClient,
  now: Date = new Date(),
): Promise<BudgetBurn[]> {
  const rows = await db.budget.findMany({
    select: {
      tenantId: true,
      period: true,
      windowStart: true,
      limitUsd: true,
      leasedUsd: true,
      softThreshold: true,
      hardLimit: true,
      tenant: { select: { name: true } },
    },
    take: 500,
  });
  // Spent is the tenant's spend in the window from the ledger, as the gateway enforces it.
  const spend = await readWindowSpendOf(db, [...new Set(rows.map((b) => b.tenantId))], now);
  return rows
    .map((b) => {
      // A lease taken in a window that rolled over no longer counts.
      const stale = b.windowStart < currentWindowStart(b.period, now);
      return {
        tenantId: b.tenantId,
        tenantName: b.tenant.name,
        period: b.period,
        limitUsd: b.limitUsd.toNumber(),
        spentUsd: spendOf(spend.get(b.tenantId), b.period) / 1_000_000,
        leasedUsd: stale ? 0 : b.leasedUsd.toNumber(),
        softThreshold: b.softThreshold.toNumber(),
        hardLimit: b.hardLimit,
      };
    })
    .sort((a, b) => b.spentUsd / b.limitUsd - a.spentUsd / a.limitUsd);
}

/** Filter options for the decision log: configured routes, models and tenants (bounded). */
export async function readDecisionFacets(db: PrismaClient) {
  const [routes, models, tenants] = await Promise.all([
    db.route.findMany({ select: { slug: true }, orderBy: { slug: "asc" }, take: 500 }),
    db.model.findMany({ select: { slug: true }, orderBy: { slug: "asc" }, take: 500 }),
    db.tenant.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" }, take: 500 }),
  ]);
  return { routes: routes.map((r) => r.slug), models: models.map((m) => m.slug), tenants };
}
