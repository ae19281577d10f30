// A budget counts its window's real spend, whenever it was set (issue 22), and a spent hard
// budget recovers when it is raised or deleted (issue 13): budget managers over one database,
// as gateway instances (and restarts of them) would be.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { readBudgetsOfTenants } from "@/lib/db/budgets";
import type { PrismaClient } from "@/lib/db/engine/client";
import { deleteBudget, upsertBudget } from "@/lib/db/tenants";
import { createBudgetManager, type BudgetManager } from "@/lib/gateway/budget";
import { closeTestDb, getTestDb, testDatabaseKind } from "../../support/db";
import { createTenant, createTestClock } from "./helpers";
import type { BudgetPeriod } from "@/lib/vocabulary";

afterAll(closeTestDb);
const OPS = { id: null, email: "ops@example.test" };
const managers: BudgetManager[] = [];

function manager(db: PrismaClient, instanceId: string, clock: () => number): BudgetManager {
  const m = createBudgetManager({ db, instanceId, clock, leaseTtlMs: 60_000 });
  managers.push(m);
  return m;
}

afterEach(async () => {
  for (const m of managers.splice(0)) await m.close().catch(() => {});
});

/** Admits and settles `n` requests of `usd` each (the first `n` must be admitted). */
async function spend(m: BudgetManager, tenantId: string, tag: string, n: number, usd: number) {
  for (let i = 0; i < n; i++) {
    const r = await m.reserve(tenantId, `${tag}-${tenantId}-${i}`, usd);
    if (!r.ok) throw new Error(`request ${i} refused: ${r.reason}`);
    await m.settle(r.reservation, usd);
  }
  await m.flush();
}

const hard = (limitUsd: number) => ({ limitUsd, softThreshold: 0.8, hardLimit: true });

/** Sets a budget through the console's write (audit, budgets revision) at the test clock's time. */
function setBudget(
  db: PrismaClient,
  tenantId: string,
  period: BudgetPeriod,
  limitUsd: number,
  at: number,
) {
  return upsertBudget(db, OPS, tenantId, period, hard(limitUsd), new Date(at));
}

describe(`budgets count the window's real spend (${testDatabaseKind})`, () => {
  it("refuses the next request once a hard budget is set below what the tenant already spent", async () => {
    const db = await getTestDb();
    // 06:54:26 UTC: the window ends in 61,534 s.
    const clock = createTestClock(Date.UTC(2026, 11, 7, 6, 54, 26));
    const tenantId = await createTenant(db);
    const m = manager(db, "inst-a", clock.now);
    await spend(m, tenantId, "before", 60, 0.016);
    const view = await setBudget(db, tenantId, "daily", 0.05, clock.now());
    expect(view.spentUsd).toBeCloseTo(0.96, 6);
    await m.refresh(); // what the config poll does when the budgets revision moves
    expect(m.state(tenantId)).toMatchObject({ state: "hard", retryAfterS: 61_534 });
    const refused = await m.reserve(tenantId, `after-${tenantId}`, 0.016);
    expect(refused).toEqual({ ok: false, reason: "budget_exceeded", retryAfterS: 61_534 });
  });

  it("charges spend admitted before this instance heard of a new budget", async () => {
    const db = await getTestDb();
    const clock = createTestClock(Date.UTC(2026, 11, 7, 12, 0, 0));
    const tenantId = await createTenant(db);
    const m = manager(db, "inst-a", clock.now);
    await spend(m, tenantId, "early", 1, 0.016); // the instance now trusts "no budget"
    await setBudget(db, tenantId, "daily", 0.1, clock.now());
    // The first second after the budget was created, before any refresh.
    await spend(m, tenantId, "gap", 3, 0.016);
    const [daily] = await readBudgetsOfTenants(db, [tenantId], new Date(clock.now()));
    expect(daily?.spentMicros).toBe(64_000);
    await m.refresh();
    // $0.036 left: two more $0.016 requests fit, a third does not.
    await spend(m, tenantId, "late", 2, 0.016);
    const third = await m.reserve(tenantId, `late-${tenantId}-2`, 0.016);
    expect(third.ok).toBe(false);
  });

  it("agrees across two instances and after a restart", async () => {
    const db = await getTestDb();
    const clock = createTestClock(Date.UTC(2026, 11, 7, 12, 0, 0));
    const tenantId = await createTenant(db);
    const a = manager(db, "inst-a", clock.now);
    const b = manager(db, "inst-b", clock.now);
    await spend(a, tenantId, "a", 10, 0.016);
    await spend(b, tenantId, "b", 5, 0.016);
    await setBudget(db, tenantId, "daily", 0.2, clock.now());
    await Promise.all([a.refresh(), b.refresh()]);
    for (const m of [a, b]) {
      expect(m.state(tenantId)).toMatchObject({ state: "hard", fractionSpent: 1.2 });
      expect((await m.reserve(tenantId, `x-${tenantId}`, 0.016)).ok).toBe(false);
    }
    await a.close();
    const restarted = manager(db, "inst-a2", clock.now);
    const refused = await restarted.reserve(tenantId, `r-${tenantId}`, 0.016);
    expect(refused).toMatchObject({ ok: false, reason: "budget_exceeded", retryAfterS: 43_200 });
    expect(restarted.state(tenantId)).toMatchObject({ state: "hard", fractionSpent: 1.2 });
    // Raised on the console: both instances admit again after their refresh.
    await setBudget(db, tenantId, "daily", 1, clock.now());
    await Promise.all([b.refresh(), restarted.refresh()]);
    for (const [i, m] of [b, restarted].entries()) {
      expect(m.state(tenantId).state).toBe("ok");
      expect((await m.reserve(tenantId, `y-${i}-${tenantId}`, 0.016)).ok).toBe(true);
    }
  });

  it("gives back a slice leased under a limit since lowered, though a settlement brought the new limit first", async () => {
    const db = await getTestDb();
    const clock = createTestClock(Date.UTC(2026, 11, 7, 12, 0, 0));
    const tenantId = await createTenant(db);
    await setBudget(db, tenantId, "daily", 1, clock.now());
    const m = manager(db, "inst-a", clock.now);
    const first = await m.reserve(tenantId, `first-${tenantId}`, 0.01); // leases a $0.10 slice
    if (!first.ok) throw new Error("first request refused");
    await setBudget(db, tenantId, "daily", 0.02, clock.now());
    await m.settle(first.reservation, 0.01);
    await m.flush(); // the batch's snapshot already shows the $0.02 limit
    await m.refresh();
    const results = [];
    for (let i = 0; i < 3; i++)
      results.push(await m.reserve(tenantId, `next-${tenantId}-${i}`, 0.01));
    // $0.01 spent, $0.01 left under the new limit: one more request, not the old slice's nine.
    expect(results.map((r) => r.ok)).toEqual([true, false, false]);
  });

  it("admits again when a spent hard budget is deleted", async () => {
    const db = await getTestDb();
    const clock = createTestClock(Date.UTC(2026, 11, 7, 12, 0, 0));
    const tenantId = await createTenant(db);
    await setBudget(db, tenantId, "daily", 0.05, clock.now());
    const m = manager(db, "inst-a", clock.now);
    await spend(m, tenantId, "s", 3, 0.016);
    expect((await m.reserve(tenantId, `over-${tenantId}`, 0.016)).ok).toBe(false);
    expect(m.state(tenantId).state).toBe("hard");
    await deleteBudget(db, OPS, tenantId, "daily");
    await m.refresh();
    expect(m.state(tenantId).state).toBe("ok");
    const again = await m.reserve(tenantId, `again-${tenantId}`, 0.016);
    expect(again).toMatchObject({ ok: true, reservation: { tracked: false } });
  });

  it("rolls daily and monthly windows at their boundaries with nothing carried over", async () => {
    const db = await getTestDb();
    const clock = createTestClock(Date.UTC(2026, 10, 30, 23, 59, 0));
    const tenantId = await createTenant(db);
    const m = manager(db, "inst-a", clock.now);
    await spend(m, tenantId, "nov", 5, 0.1); // $0.50 on the last day of November
    await setBudget(db, tenantId, "daily", 0.4, clock.now());
    await setBudget(db, tenantId, "monthly", 0.6, clock.now());
    await m.refresh();
    expect(m.state(tenantId)).toMatchObject({ state: "hard", retryAfterS: 60 });
    clock.set(Date.UTC(2026, 11, 1, 0, 0, 1));
    // Both windows rolled: the engine's view changes from memory, before any lease.
    expect(m.state(tenantId)).toEqual({ fractionSpent: 0, state: "ok" });
    await spend(m, tenantId, "dec1", 3, 0.1);
    const dec1 = await readBudgetsOfTenants(db, [tenantId], new Date(clock.now()));
    expect(dec1.map((r) => [r.period, r.spentMicros])).toEqual([
      ["daily", 300_000],
      ["monthly", 300_000],
    ]);
    // The next day: the daily window is empty again, the month keeps its spend.
    clock.set(Date.UTC(2026, 11, 2, 8, 0, 0));
    await spend(m, tenantId, "dec2", 2, 0.1);
    const dec2 = await readBudgetsOfTenants(db, [tenantId], new Date(clock.now()));
    expect(dec2.map((r) => [r.period, r.spentMicros])).toEqual([
      ["daily", 200_000],
      ["monthly", 500_000],
    ]);
    expect(m.state(tenantId).fractionSpent).toBeCloseTo(0.5 / 0.6, 6);
    const over = await m.reserve(tenantId, `dec2-over-${tenantId}`, 0.2);
    // The monthly budget blocks: Retry-After is the end of December.
    expect(over).toEqual({
      ok: false,
      reason: "budget_exceeded",
      retryAfterS: (Date.UTC(2027, 0, 1) - clock.now()) / 1000,
    });
  });
});
