import { afterAll, describe, expect, it } from "vitest";
import { upsertTenantBudget } from "@/lib/db/budgets";
import { insertDecisionBatch } from "@/lib/db/decisions";
import {
  readBudgetBurnByTenant,
  readRouteHealth,
  readSavings,
  readSpendSeries,
  resolveRollupRange,
} from "@/lib/db/rollups";
import { closeTestDb, getTestDb, testDatabaseKind, uniqueSuffix } from "../../support/db";
import { makeRecord } from "./records";

afterAll(closeTestDb);

const NOW = new Date(Date.UTC(2026, 10, 23, 12, 0, 0));

describe(`rollup dashboard queries (${testDatabaseKind})`, () => {
  it("chooses minute or hour rows by range", () => {
    expect(resolveRollupRange("1h", NOW)).toMatchObject({ granularity: "minute", stepMs: 60_000 });
    expect(resolveRollupRange("24h", NOW)).toMatchObject({
      granularity: "hour",
      stepMs: 3_600_000,
    });
    expect(resolveRollupRange("30d", NOW)).toMatchObject({
      granularity: "hour",
      stepMs: 86_400_000,
    });
    const custom = resolveRollupRange(
      { from: new Date(NOW.getTime() - 3 * 3_600_000), to: NOW },
      NOW,
    );
    expect(custom).toMatchObject({ granularity: "minute", stepMs: 300_000 });
  });

  it("reads spend series, savings, route health and budget burn", async () => {
    const db = await getTestDb();
    const slug = `t-${uniqueSuffix()}`;
    const tenant = await db.tenant.create({ data: { slug, name: slug }, select: { id: true } });
    const tenantId = tenant.id;
    const records = Array.from({ length: 40 }, (_, i) =>
      makeRecord({
        tenantId,
        routeSlug: i < 30 ? "support" : "auto",
        finalModel: i % 2 === 0 ? "small" : "large",
        createdAt: new Date(NOW.getTime() - (i % 4) * 600_000 - 1000),
        latencyMs: i % 10 === 0 ? 3_000 : 90,
        status: i % 8 === 0 ? "upstream_error" : "success",
        costUsd: 0.001,
        baselineCostUsd: 0.004,
      }),
    );
    await insertDecisionBatch(db, records);
    const hour = resolveRollupRange("1h", NOW);
    const series = await readSpendSeries(db, hour, "model", tenantId);
    expect(series.reduce((s, p) => s + p.requests, 0)).toBe(40);
    expect(new Set(series.map((p) => p.key))).toEqual(new Set(["small", "large"]));
    const day = resolveRollupRange("24h", NOW);
    const byRoute = await readSpendSeries(db, day, "route", tenantId);
    expect(byRoute.find((p) => p.key === "support")?.costUsd).toBeCloseTo(0.03, 8);

    const savings = await readSavings(db, hour, tenantId);
    expect(savings).toMatchObject({ requests: 40 });
    expect(savings.savingsUsd).toBeCloseTo(0.12, 8);
    expect(savings.savingsRatio).toBeCloseTo(0.75, 8);

    const health = await readRouteHealth(db, hour, tenantId);
    expect(health.map((h) => h.routeSlug)).toEqual(["support", "auto"]);
    const support = health[0]!;
    expect(support.errorRate).toBeCloseTo(4 / 30, 8);
    expect(support.fallbackRate).toBe(1);
    expect(support.p50LatencyMs).toBeLessThanOrEqual(100);
    expect(support.p95LatencyMs).toBeGreaterThan(2_000);

    await upsertTenantBudget(db, {
      tenantId,
      period: "daily",
      limitUsd: 2,
      softThreshold: 0.5,
      windowStart: NOW,
    });
    await db.budget.updateMany({ where: { tenantId }, data: { spentUsd: 1.5 } });
    const burn = await readBudgetBurnByTenant(db, NOW, tenantId);
    expect(burn).toEqual([
      expect.objectContaining({
        tenantSlug: slug,
        period: "daily",
        fractionSpent: 0.75,
        state: "soft",
      }),
    ]);
    const tomorrow = new Date(NOW.getTime() + 86_400_000);
    expect((await readBudgetBurnByTenant(db, tomorrow, tenantId))[0]?.spentUsd).toBe(0);
  });
});
