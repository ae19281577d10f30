import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createBudgetManager, type BudgetManager, type ReserveResult } from "@/lib/gateway/budget";
import { createPostgresDb } from "@/lib/db/engine/client";
import { closeTestDb, getTestDb, testDatabaseKind, testDatabaseUrl } from "../../support/db";
import { createBudgetedTenant, createTenant, createTestClock, readBudgets } from "./helpers";

const getDb = getTestDb;
afterAll(closeTestDb);
const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const managers: BudgetManager[] = [];

function manager(db: Awaited<ReturnType<typeof getDb>>, instanceId: string, clock = () => T0) {
  const m = createBudgetManager({ db, instanceId, clock, leaseTtlMs: 60_000 });
  managers.push(m);
  return m;
}

afterEach(async () => {
  for (const m of managers.splice(0)) await m.close();
});

function admitted(results: ReserveResult[]): number {
  return results.filter((r) => r.ok).length;
}

describe(`budget admission (${testDatabaseKind})`, () => {
  it("admits exactly 20 of 200 concurrent $0.05 requests under a $1.00 limit", async () => {
    const db = await getDb();
    const tenantId = await createBudgetedTenant(db, new Date(T0), [
      { period: "daily", limitUsd: 1 },
    ]);
    const m = manager(db, "inst-a");
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => m.reserve(tenantId, `req-${tenantId}-${i}`, 0.05)),
    );
    expect(admitted(results)).toBe(20);
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false, reason: "budget_exceeded" });
    // Concurrent callers coalesce: two slices of $0.50 and one refused request, not 200 queries.
    expect(m.stats().leaseRequests).toBeLessThanOrEqual(4);
    const [daily] = await readBudgets(db, tenantId);
    expect(daily?.leased).toBeCloseTo(1, 6);
    expect(m.state(tenantId).state).toBe("hard");
  });

  it("admits exactly 20 in total across two instances sharing the database", async () => {
    const db = await getDb();
    const tenantId = await createBudgetedTenant(db, new Date(T0), [
      { period: "daily", limitUsd: 1 },
    ]);
    const a = manager(db, "inst-a");
    const b = manager(db, "inst-b");
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 === 0 ? a : b).reserve(tenantId, `req-${tenantId}-${i}`, 0.05),
      ),
    );
    expect(admitted(results)).toBe(20);
    const [daily] = await readBudgets(db, tenantId);
    expect((daily?.spent ?? 0) + (daily?.leased ?? 0)).toBeLessThanOrEqual(1);
  });

  it.runIf(testDatabaseKind === "postgres")(
    "admits exactly 20 across three instances with their own connection pools",
    async () => {
      const db = await getTestDb();
      const [row] = await db.$queryRaw<{ schema: string }[]>`SELECT current_schema() AS schema`;
      const schema = row?.schema ?? "public";
      const url = testDatabaseUrl() ?? "";
      const handles = [
        createPostgresDb(url, { schema, max: 3 }),
        createPostgresDb(url, { schema, max: 3 }),
      ];
      try {
        const tenantId = await createBudgetedTenant(db, new Date(T0), [
          { period: "daily", limitUsd: 1 },
          { period: "monthly", limitUsd: 5 },
        ]);
        const instances = [
          manager(db, "inst-a"),
          ...handles.map((h, i) => manager(h.prisma, `inst-${i}`)),
        ];
        const results = await Promise.all(
          Array.from({ length: 300 }, (_, i) =>
            instances[i % 3]!.reserve(tenantId, `req-${tenantId}-${i}`, 0.05),
          ),
        );
        expect(admitted(results)).toBe(20);
        const rows = await readBudgets(db, tenantId);
        expect(rows.map((r) => r.leased)).toEqual([1, 1]);
      } finally {
        for (const m of managers.splice(0)) await m.close();
        for (const h of handles) await h.close();
      }
    },
  );

  it("holds the tighter of daily and monthly limits at once", async () => {
    const db = await getDb();
    const tenantId = await createBudgetedTenant(db, new Date(T0), [
      { period: "daily", limitUsd: 1 },
      { period: "monthly", limitUsd: 0.3 },
    ]);
    const m = manager(db, "inst-a");
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => m.reserve(tenantId, `req-${tenantId}-${i}`, 0.05)),
    );
    expect(admitted(results)).toBe(6);
    const rows = await readBudgets(db, tenantId);
    expect(rows.map((r) => r.leased)).toEqual([0.3, 0.3]);
  });

  it("admits exactly with amounts that do not divide the slice", async () => {
    const db = await getDb();
    const tenantId = await createBudgetedTenant(db, new Date(T0), [
      { period: "daily", limitUsd: 1 },
    ]);
    const a = manager(db, "inst-a");
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => a.reserve(tenantId, `req-${tenantId}-${i}`, 0.07)),
    );
    expect(admitted(results)).toBe(14); // floor(1.00 / 0.07)
  });

  it("admits a tenant without budgets without a lease, and still records its spend", async () => {
    const db = await getDb();
    const tenantId = await createTenant(db);
    const m = manager(db, "inst-a");
    const first = await m.reserve(tenantId, `req-${tenantId}-1`, 5);
    const second = await m.reserve(tenantId, `req-${tenantId}-2`, 5);
    expect(first).toMatchObject({ ok: true, reservation: { tracked: false } });
    expect(second.ok).toBe(true);
    expect(m.stats().leaseRequests).toBe(1);
    if (first.ok) await m.settle(first.reservation, 1);
    await m.flush();
    // The spend is in the ledger (a budget set later counts it), not on any budget or lease.
    expect(await db.budgetSettlement.count({ where: { tenantId } })).toBe(1);
    const ledger = await db.tenantSpend.findMany({ where: { tenantId } });
    expect(ledger.map((r) => r.spentUsd.toNumber())).toEqual([1]);
    expect(await db.budgetLease.count({ where: { tenantId } })).toBe(0);
    expect(m.state(tenantId)).toEqual({ fractionSpent: 0, state: "ok" });
  });

  it("reports soft state past the threshold", async () => {
    const db = await getDb();
    const clock = createTestClock(T0);
    const tenantId = await createBudgetedTenant(db, new Date(T0), [
      { period: "daily", limitUsd: 1, soft: 0.5 },
    ]);
    const m = manager(db, "inst-a", clock.now);
    for (let i = 0; i < 12; i++) {
      const r = await m.reserve(tenantId, `req-${tenantId}-${i}`, 0.05);
      if (r.ok) await m.settle(r.reservation, 0.05);
    }
    await m.flush();
    expect(m.state(tenantId)).toEqual({ fractionSpent: 0.6, state: "soft" });
  });
});
