import { afterAll, afterEach, describe, expect, it } from "vitest";
import { pruneBudgetSettlements, SETTLEMENT_RETENTION_MS } from "@/lib/db/budget-settlements";
import { settleBudgetReservations, sweepExpiredLeases } from "@/lib/db/budgets";
import type { PrismaClient } from "@/lib/db/engine/client";
import { createBudgetManager, type BudgetManager } from "@/lib/gateway/budget";
import { createTestDb, testDatabaseKind, closeTestDb, getTestDb } from "../../support/db";
import { createBudgetedTenant, createTestClock, readBudgets } from "./helpers";

const getDb = getTestDb;
afterAll(closeTestDb);
const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const managers: BudgetManager[] = [];

function manager(db: PrismaClient, instanceId: string, clock: () => number) {
  const m = createBudgetManager({ db, instanceId, clock, leaseTtlMs: 60_000 });
  managers.push(m);
  return m;
}

afterEach(async () => {
  for (const m of managers.splice(0)) await m.close().catch(() => {});
});

async function reserveOk(m: BudgetManager, tenantId: string, requestId: string, usd: number) {
  const r = await m.reserve(tenantId, requestId, usd);
  if (!r.ok) throw new Error(`expected admission, got ${r.reason}`);
  return r.reservation;
}

describe(`budget settlement (${testDatabaseKind})`, () => {
  it("settles once per request id, in memory and in the database", async () => {
    const db = await getDb();
    const clock = createTestClock(T0);
    const tenantId = await createBudgetedTenant(db, new Date(T0), [
      { period: "daily", limitUsd: 1 },
    ]);
    const m = manager(db, "inst-a", clock.now);
    const r = await reserveOk(m, tenantId, `req-${tenantId}-1`, 0.05);
    await m.settle(r, 0.03);
    await m.settle(r, 0.03);
    await m.flush();
    // A retried batch straight at the database is harmless too.
    const again = await settleBudgetReservations(
      db,
      [
        {
          requestId: r.requestId,
          tenantId,
          leaseId: r.leaseId,
          leaseWindowStart: r.leaseWindowStart,
          reservedMicros: 50_000,
          actualMicros: 30_000,
        },
      ],
      new Date(T0),
    );
    expect(again.settled).toBe(0);
    const [daily] = await readBudgets(db, tenantId);
    expect(daily?.spent).toBeCloseTo(0.03, 6);
    expect(daily?.leased).toBeCloseTo(0.47, 6);
    expect(await db.budgetSettlement.count({ where: { tenantId } })).toBe(1);
  });

  it("returns the unused part of a reservation to the lease", async () => {
    const db = await getDb();
    const clock = createTestClock(T0);
    const tenantId = await createBudgetedTenant(db, new Date(T0), [
      { period: "daily", limitUsd: 0.1 },
    ]);
    const m = manager(db, "inst-a", clock.now);
    const first = await reserveOk(m, tenantId, `req-${tenantId}-1`, 0.05);
    await reserveOk(m, tenantId, `req-${tenantId}-2`, 0.05);
    expect((await m.reserve(tenantId, `req-${tenantId}-3`, 0.05)).ok).toBe(false);
    await m.settle(first, 0.01);
    await reserveOk(m, tenantId, `req-${tenantId}-4`, 0.04);
    expect((await m.reserve(tenantId, `req-${tenantId}-5`, 0.01)).ok).toBe(false);
    await m.flush();
    const [daily] = await readBudgets(db, tenantId);
    expect(daily?.spent).toBeCloseTo(0.01, 6);
    expect((daily?.spent ?? 0) + (daily?.leased ?? 0)).toBeCloseTo(0.1, 6);
  });

  it("gives unused slices back on close", async () => {
    const db = await getDb();
    const clock = createTestClock(T0);
    const tenantId = await createBudgetedTenant(db, new Date(T0), [
      { period: "daily", limitUsd: 1 },
    ]);
    const m = createBudgetManager({ db, instanceId: "inst-a", clock: clock.now });
    const r = await reserveOk(m, tenantId, `req-${tenantId}-1`, 0.05);
    await m.settle(r, 0.02);
    await m.close();
    const [daily] = await readBudgets(db, tenantId);
    expect(daily).toMatchObject({ spent: 0.02, leased: 0 });
    expect(await db.budgetLease.count({ where: { tenantId } })).toBe(0);
  });

  it("sweeps the leases of a dead instance and still counts its late settlement once", async () => {
    const db = await getDb();
    const clock = createTestClock(T0);
    const tenantId = await createBudgetedTenant(db, new Date(T0), [
      { period: "daily", limitUsd: 1 },
    ]);
    const dead = manager(db, "inst-dead", clock.now);
    const held = await reserveOk(dead, tenantId, `req-${tenantId}-dead`, 0.05);
    expect((await readBudgets(db, tenantId))[0]?.leased).toBeCloseTo(0.5, 6);

    // The sweeper is global: other tests' leases may go too, so look at this tenant only.
    await sweepExpiredLeases(db, new Date(T0 + 30_000));
    expect(await db.budgetLease.count({ where: { tenantId } })).toBe(1);
    clock.advance(61_000);
    const swept = await sweepExpiredLeases(db, new Date(clock.now()));
    expect(swept.leases).toBeGreaterThanOrEqual(1);
    expect(await db.budgetLease.count({ where: { tenantId } })).toBe(0);
    expect((await readBudgets(db, tenantId))[0]).toMatchObject({ spent: 0, leased: 0 });

    // The survivor can lease the whole limit again.
    const alive = manager(db, "inst-alive", clock.now);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => alive.reserve(tenantId, `req-${tenantId}-${i}`, 0.05)),
    );
    expect(results.filter((r) => r.ok).length).toBe(20);

    // The "dead" instance settles late: spend counts once, nothing is taken off other leases.
    await dead.settle(held, 0.04);
    await dead.flush();
    await dead.flush();
    const [daily] = await readBudgets(db, tenantId);
    expect(daily?.spent).toBeCloseTo(0.04, 6);
    expect(daily?.leased).toBeCloseTo(1, 6);
    // Its heartbeat finds the lease gone and drops it from memory.
    await dead.heartbeat();
    expect(dead.stats().leases).toBe(0);
  });

  it("keeps a heartbeating instance's lease from being swept", async () => {
    const db = await getDb();
    const clock = createTestClock(T0);
    const tenantId = await createBudgetedTenant(db, new Date(T0), [
      { period: "daily", limitUsd: 1 },
    ]);
    const m = manager(db, "inst-a", clock.now);
    await reserveOk(m, tenantId, `req-${tenantId}-1`, 0.05);
    clock.advance(50_000);
    await m.heartbeat();
    clock.advance(50_000);
    expect((await sweepExpiredLeases(db, new Date(clock.now()))).leases).toBe(0);
  });

  it("resets spend when the window rolls over", async () => {
    const db = await getDb();
    const lateEvening = Date.UTC(2026, 10, 23, 23, 59, 0);
    const clock = createTestClock(lateEvening);
    const tenantId = await createBudgetedTenant(db, new Date(Date.UTC(2026, 10, 23)), [
      { period: "daily", limitUsd: 0.1 },
    ]);
    const m = manager(db, "inst-a", clock.now);
    const a = await reserveOk(m, tenantId, `req-${tenantId}-1`, 0.05);
    const b = await reserveOk(m, tenantId, `req-${tenantId}-2`, 0.05);
    await m.settle(a, 0.05);
    await m.flush();
    const refused = await m.reserve(tenantId, `req-${tenantId}-3`, 0.05);
    expect(refused).toMatchObject({ ok: false, reason: "budget_exceeded", retryAfterS: 60 });

    clock.set(Date.UTC(2026, 10, 24, 0, 0, 5));
    await reserveOk(m, tenantId, `req-${tenantId}-4`, 0.05);
    await reserveOk(m, tenantId, `req-${tenantId}-5`, 0.05);
    expect((await m.reserve(tenantId, `req-${tenantId}-6`, 0.05)).ok).toBe(false);
    // A request admitted yesterday settles today: it does not eat today's budget.
    await m.settle(b, 0.05);
    await m.flush();
    const [daily] = await readBudgets(db, tenantId);
    expect(daily?.windowStart.toISOString()).toBe("2026-11-24T00:00:00.000Z");
    expect(daily).toMatchObject({ spent: 0, leased: 0.1 });
  });

  it("fails closed for hard limits and open for soft-only budgets when the database is down", async () => {
    const handle = await createTestDb();
    const clock = createTestClock(T0);
    const hardTenant = await createBudgetedTenant(handle.prisma, new Date(T0), [
      { period: "daily", limitUsd: 1 },
    ]);
    const softTenant = await createBudgetedTenant(handle.prisma, new Date(T0), [
      { period: "daily", limitUsd: 1, hardLimit: false },
    ]);
    const m = manager(handle.prisma, "inst-a", clock.now);
    await reserveOk(m, softTenant, `req-${softTenant}-1`, 0.01);
    await handle.close();
    const unknown = await m.reserve(hardTenant, `req-${hardTenant}-1`, 0.05);
    expect(unknown).toMatchObject({ ok: false, reason: "budget_unavailable" });
    // The soft tenant's lease still covers requests; past it, it is admitted without one.
    for (let i = 2; i < 60; i++) await reserveOk(m, softTenant, `req-${softTenant}-${i}`, 0.01);
  });

  it("prunes settlement rows past their retention in bounded statements, keeping recent ones", async () => {
    const db = await getDb();
    const tenantId = await createBudgetedTenant(db, new Date(T0), [
      { period: "daily", limitUsd: 1 },
    ]);
    const item = (n: number) => ({
      requestId: `prune-${tenantId}-${n}`,
      tenantId,
      leaseId: null,
      leaseWindowStart: null,
      reservedMicros: 10,
      actualMicros: 1,
    });
    const old = new Date(Date.UTC(2020, 0, 1));
    await settleBudgetReservations(db, [1, 2, 3, 4, 5].map(item), old);
    await settleBudgetReservations(db, [6, 7].map(item), new Date(T0));
    // Batches of 2: three statements for five old rows; at most one statement when capped.
    expect(await pruneBudgetSettlements(db, new Date(Date.UTC(2020, 0, 2)), 2, 1)).toBe(2);
    expect(await pruneBudgetSettlements(db, new Date(Date.UTC(2020, 0, 2)), 2)).toBe(3);
    const left = await db.budgetSettlement.findMany({
      where: { tenantId },
      select: { requestId: true },
    });
    expect(left.map((r) => r.requestId).sort()).toEqual([item(6).requestId, item(7).requestId]);
    // A pruned request settled again counts again: that is why the retention outlasts retries.
    expect((await settleBudgetReservations(db, [item(1)], new Date(T0))).settled).toBe(1);
  });

  it("the lease sweeper prunes settlements older than the retention", async () => {
    const db = await getDb();
    const tenantId = await createBudgetedTenant(db, new Date(T0), [
      { period: "daily", limitUsd: 1 },
    ]);
    await settleBudgetReservations(
      db,
      [
        {
          requestId: `swept-${tenantId}`,
          tenantId,
          leaseId: null,
          leaseWindowStart: null,
          reservedMicros: 10,
          actualMicros: 1,
        },
      ],
      new Date(T0),
    );
    const later = createTestClock(T0 + SETTLEMENT_RETENTION_MS + 60_000);
    const m = createBudgetManager({
      db,
      instanceId: "sweeper",
      clock: later.now,
      leaseTtlMs: 60_000,
      sweepIntervalMs: 1_000,
    });
    managers.push(m);
    const deadline = Date.now() + 10_000;
    while ((await db.budgetSettlement.count({ where: { tenantId } })) > 0) {
      if (Date.now() > deadline) throw new Error("the sweeper did not prune the old settlement");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
});
