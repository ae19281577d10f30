/** Console contracts for the overview dashboard (read from rollups). */
import { z } from "zod";
import { BUDGET_PERIODS } from "@/lib/vocabulary";

export const TIME_RANGES = ["1h", "24h", "7d", "30d", "custom"] as const;
export const TimeRangeSchema = z.enum(TIME_RANGES);
export type TimeRange = z.infer<typeof TimeRangeSchema>;

export const SPEND_GROUPS = ["route", "model", "tenant"] as const;
export const SpendGroupSchema = z.enum(SPEND_GROUPS);
export type SpendGroup = z.infer<typeof SpendGroupSchema>;

const isoDate = z.iso.datetime({ offset: true, error: "expected an ISO date-time" });

/** Query string of GET /api/console/overview. `from`/`to` only (and both) with `custom`. */
export const OverviewQuerySchema = z
  .strictObject({
    range: TimeRangeSchema.default("24h"),
    groupBy: SpendGroupSchema.default("route"),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.range !== "custom") {
      if (q.from !== undefined || q.to !== undefined)
        ctx.addIssue({ code: "custom", path: ["from"], message: "from/to go with range=custom." });
      return;
    }
    if (q.from === undefined)
      ctx.addIssue({ code: "custom", path: ["from"], message: "A custom range needs a start." });
    if (q.to === undefined)
      ctx.addIssue({ code: "custom", path: ["to"], message: "A custom range needs an end." });
    if (q.from !== undefined && q.to !== undefined) {
      const span = Date.parse(q.to) - Date.parse(q.from);
      if (span <= 0)
        ctx.addIssue({ code: "custom", path: ["to"], message: "The end must be after the start." });
      else if (span > 92 * 86_400_000)
        ctx.addIssue({ code: "custom", path: ["to"], message: "At most 92 days." });
    }
  });
export type OverviewQuery = z.infer<typeof OverviewQuerySchema>;

/** One (bucket, group key) cell of the stacked spend chart. */
export const SpendPointSchema = z.object({
  t: z.number(),
  key: z.string(),
  costUsd: z.number(),
  baselineCostUsd: z.number(),
  requests: z.number(),
  errors: z.number(),
});
export type SpendPoint = z.infer<typeof SpendPointSchema>;

export const RouteStatsSchema = z.object({
  routeSlug: z.string(),
  requests: z.number(),
  errors: z.number(),
  escalations: z.number(),
  fallbacks: z.number(),
  costUsd: z.number(),
  baselineCostUsd: z.number(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
});
export type RouteStats = z.infer<typeof RouteStatsSchema>;

export const BudgetBurnSchema = z.object({
  tenantId: z.string(),
  tenantName: z.string(),
  period: z.enum(BUDGET_PERIODS),
  limitUsd: z.number(),
  spentUsd: z.number(),
  leasedUsd: z.number(),
  softThreshold: z.number(),
  hardLimit: z.boolean(),
});
export type BudgetBurn = z.infer<typeof BudgetBurnSchema>;

export const OverviewSchema = z.object({
  from: z.number(),
  to: z.number(),
  /** The coarsest rollup rows read ("day": hour rows also cover the partial days at the edges). */
  granularity: z.enum(["minute", "hour", "day"]),
  stepMs: z.number(),
  groupBy: SpendGroupSchema,
  isDemo: z.boolean(),
  /** Display labels of group keys (tenant ids → names; "" → "none"). */
  labels: z.record(z.string(), z.string()),
  spend: z.array(SpendPointSchema),
  routes: z.array(RouteStatsSchema),
  budgets: z.array(BudgetBurnSchema),
  queryMs: z.number(),
});
export type Overview = z.infer<typeof OverviewSchema>;
