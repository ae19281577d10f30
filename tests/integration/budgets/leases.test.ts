import { describe, expect, it } from "vitest";
import {
  acquireBudgetLease,
  heartbeatBudgetLeases,
  readTenantBudgets,
  returnBudgetLease,
  settleBudgetReservations,
} from "@/lib/db/budgets";
import { setupTestDb, testDatabaseKind } from "../../support/db";
import { createBudgetedTenant } from "./helpers";

const getDb = setupTestDb();
const NOW = new Date(Date.UTC(2026, 10, 23, 12, 0, 0));
const lease = { now: NOW, ttlMs: 60_000, minMicros: 1 } as const;

// The lease statements straight at the database (the manager's tests cover them end to end):
// money stays exact to the micro-USD on either driver, and only the owning instance extends.
describe(`budget lease SQL (${testDatabaseKind})`, () => {
  it("grants, extends, settles and returns exact micro-USD amounts", async () => {
    const db = await getDb();
    const tenantId = await createBudgetedTenant(db, NOW, [
      { period: "daily", limitUsd: 1.234567 },
      { period: "monthly", limitUsd: 1000 },
    ]);
    const first = await acquireBudgetLease(db, {
      ...lease,
      tenantId,
      instanceId: "inst-a",
      leaseId: null,
      desiredMicros: 333_333,
    });
    if (first.kind !== "granted") throw new Error(`expected a lease, got ${first.kind}`);
    expect(first.grantedMicros).toBe(333_333);
    // Another instance cannot extend it: it gets a lease of its own.
    const other = await acquireBudgetLease(db, {
      ...lease,
      tenantId,
      instanceId: "inst-b",
      leaseId: first.leaseId,
      desiredMicros: 1,
    });
    if (other.kind !== "granted") throw new Error(`expected a lease, got ${other.kind}`);
    expect(other.leaseId).not.toBe(first.leaseId);
    // The owner extends it; the grant is capped at exactly what remains under the daily limit.
    const extended = await acquireBudgetLease(db, {
      ...lease,
      tenantId,
      instanceId: "inst-a",
      leaseId: first.leaseId,
      desiredMicros: 10_000_000,
    });
    if (extended.kind !== "granted") throw new Error(`expected a lease, got ${extended.kind}`);
    expect(extended.leaseId).toBe(first.leaseId);
    expect(extended.grantedMicros).toBe(1_234_567 - 333_333 - 1);
    const refused = await acquireBudgetLease(db, {
      ...lease,
      tenantId,
      instanceId: "inst-c",
      leaseId: null,
      desiredMicros: 1,
    });
    expect(refused.kind).toBe("exceeded");

    const settled = await settleBudgetReservations(
      db,
      [
        {
          requestId: `req-${tenantId}`,
          tenantId,
          leaseId: first.leaseId,
          leaseWindowStart: first.leaseWindowStart,
          reservedMicros: 200_000,
          actualMicros: 123_457,
        },
      ],
      NOW,
    );
    expect(settled.settled).toBe(1);
    const daily = settled.budgets.get(tenantId)?.find((b) => b.period === "daily");
    expect(daily).toMatchObject({ spentMicros: 123_457, leasedMicros: 1_234_567 - 123_457 });

    const alive = await heartbeatBudgetLeases(db, "inst-a", [first.leaseId, other.leaseId], NOW, 1);
    expect([...alive]).toEqual([first.leaseId]);

    const back = 1_234_566 - 123_457;
    const after = await returnBudgetLease(db, {
      tenantId,
      leaseId: first.leaseId,
      amountMicros: back,
      close: true,
      now: NOW,
    });
    expect(after.map((b) => [b.period, b.spentMicros, b.leasedMicros])).toEqual([
      ["daily", 123_457, 1],
      ["monthly", 123_457, 1],
    ]);
    expect(await db.budgetLease.count({ where: { id: first.leaseId } })).toBe(0);
    expect(await readTenantBudgets(db, tenantId, NOW)).toEqual(after);
  });
});
