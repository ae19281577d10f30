import { describe, expect, it } from "vitest";
import { windowStartMs, type BudgetRowState } from "@/lib/db/budgets";
import {
  applySnapshot,
  createTenantBudget,
  isLeaseStale,
  secondsUntilRollover,
  sizeSliceMicros,
  viewBudgetState,
} from "./lease";
import type { BudgetPeriod } from "@/lib/vocabulary";

const NOW = new Date(Date.UTC(2026, 10, 23, 23, 59, 0));

function row(overrides: Partial<BudgetRowState> = {}): BudgetRowState {
  return {
    id: "b1",
    tenantId: "t",
    period: "daily",
    limitMicros: 1_000_000,
    softThreshold: 0.8,
    hardLimit: true,
    windowStart: new Date(Date.UTC(2026, 10, 23)),
    spentMicros: 0,
    leasedMicros: 0,
    ...overrides,
  };
}

describe("budget lease rules", () => {
  it("sizes slices as max(10 x recent worst case, 1% of the smallest limit, shortfall)", () => {
    const t = createTenantBudget("t");
    applySnapshot(t, [row(), row({ id: "b2", period: "monthly", limitMicros: 20_000_000 })], NOW);
    t.recentWorstMicros = 50_000;
    expect(sizeSliceMicros(t, 1)).toBe(500_000);
    t.recentWorstMicros = 100;
    expect(sizeSliceMicros(t, 1)).toBe(10_000);
    expect(sizeSliceMicros(t, 70_000)).toBe(70_000);
  });

  it.each([
    [0, "ok", 0],
    [850_000, "soft", 0.85],
    [1_000_000, "hard", 1],
  ] as const)("spent %d micro-USD reads as %s", (spent, state, fraction) => {
    const t = createTenantBudget("t");
    applySnapshot(t, [row({ spentMicros: spent })], NOW);
    const view = viewBudgetState(t, NOW.getTime());
    expect(view).toMatchObject({ fractionSpent: fraction, state });
    // Only a hard state carries a Retry-After: the end of the blocking window (60 s away).
    expect(view.retryAfterS).toBe(state === "hard" ? 60 : undefined);
  });

  it("rolls a spent daily window at UTC midnight from memory alone", () => {
    const t = createTenantBudget("t");
    applySnapshot(t, [row({ spentMicros: 1_000_000, leasedMicros: 5 })], NOW);
    t.exhausted = true;
    t.exhaustedAtMs = NOW.getTime();
    t.unflushedSpendMicros = 7;
    expect(viewBudgetState(t, NOW.getTime()).state).toBe("hard");
    const afterMidnight = Date.UTC(2026, 10, 24, 0, 0, 1);
    expect(viewBudgetState(t, afterMidnight)).toEqual({ fractionSpent: 0, state: "ok" });
    expect(t.exhausted).toBe(false);
    expect(t.unflushedSpendMicros).toBe(0);
    expect(t.budgets[0]).toMatchObject({ spentMicros: 0, leasedMicros: 0 });
  });

  it("keeps a monthly window spent across midnight and rolls it on the first", () => {
    const t = createTenantBudget("t");
    const monthly = row({
      period: "monthly",
      windowStart: new Date(Date.UTC(2026, 10, 1)),
      spentMicros: 1_000_000,
    });
    applySnapshot(t, [monthly], NOW);
    const tomorrow = Date.UTC(2026, 10, 24, 0, 0, 1);
    expect(viewBudgetState(t, tomorrow)).toMatchObject({
      state: "hard",
      retryAfterS: 7 * 86_400 - 1,
    });
    expect(viewBudgetState(t, Date.UTC(2026, 11, 1, 0, 0, 1)).state).toBe("ok");
  });

  it("trusts a refused lease as hard for a short while only", () => {
    const t = createTenantBudget("t");
    applySnapshot(t, [row({ spentMicros: 990_000, leasedMicros: 10_000 })], NOW);
    t.recentWorstMicros = 50_000;
    t.exhausted = true;
    t.exhaustedAtMs = NOW.getTime();
    expect(viewBudgetState(t, NOW.getTime() + 999, 1_000)).toMatchObject({
      state: "hard",
      retryAfterS: 60,
    });
    expect(viewBudgetState(t, NOW.getTime() + 1_000, 1_000).state).toBe("soft");
  });

  it("answers the same Retry-After on the engine's hard state and a refused reserve", () => {
    const t = createTenantBudget("t");
    applySnapshot(t, [row({ spentMicros: 980_000 })], NOW);
    t.recentWorstMicros = 50_000;
    t.exhausted = true;
    t.exhaustedAtMs = NOW.getTime();
    const engine = viewBudgetState(t, NOW.getTime());
    expect(engine.retryAfterS).toBe(secondsUntilRollover(t, NOW, 50_000));
    expect(engine.retryAfterS).toBe(60);
  });

  it("does not count a snapshot of a past window as blocking the current one", () => {
    const t = createTenantBudget("t");
    applySnapshot(t, [row({ spentMicros: 1_000_000 })], NOW);
    // Past midnight, before anything rolled the snapshot: nothing blocks, retry at once.
    expect(secondsUntilRollover(t, new Date(Date.UTC(2026, 10, 24, 6, 54, 26)), 50_000)).toBe(1);
  });

  it("reads unknown and unbudgeted tenants as ok", () => {
    expect(viewBudgetState(undefined)).toEqual({ fractionSpent: 0, state: "ok" });
    const t = createTenantBudget("t");
    applySnapshot(t, [], NOW);
    expect(viewBudgetState(t)).toEqual({ fractionSpent: 0, state: "ok" });
  });

  it("never reports hard for a limit that only warns", () => {
    const t = createTenantBudget("t");
    applySnapshot(t, [row({ spentMicros: 2_000_000, hardLimit: false })], NOW);
    expect(viewBudgetState(t).state).toBe("soft");
  });

  it("marks a lease stale once its window rolled, and rolls snapshots like the database", () => {
    const t = createTenantBudget("t");
    applySnapshot(t, [row({ spentMicros: 5 })], NOW);
    t.leaseWindowStart = new Date(Date.UTC(2026, 10, 23));
    expect(isLeaseStale(t, NOW)).toBe(false);
    const tomorrow = new Date(Date.UTC(2026, 10, 24, 0, 0, 1));
    expect(isLeaseStale(t, tomorrow)).toBe(true);
    applySnapshot(t, [row({ spentMicros: 5 })], tomorrow);
    expect(t.budgets[0]?.spentMicros).toBe(0);
  });

  it("answers Retry-After as the time until the full window rolls", () => {
    const t = createTenantBudget("t");
    applySnapshot(t, [row({ spentMicros: 1_000_000 })], NOW);
    expect(secondsUntilRollover(t, NOW, 50_000)).toBe(60);
    applySnapshot(
      t,
      [
        row(),
        row({
          id: "b2",
          period: "monthly",
          spentMicros: 1_000_000,
          windowStart: new Date(Date.UTC(2026, 10, 1)),
        }),
      ],
      NOW,
    );
    expect(secondsUntilRollover(t, NOW, 50_000)).toBe(7 * 86_400 + 60);
  });
});

describe("windowStartMs", () => {
  it("matches UTC midnight and the first of the month, across day, month and year ends", () => {
    const naive = (period: BudgetPeriod, ms: number): number => {
      const d = new Date(ms);
      return period === "daily"
        ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())
        : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    };
    const edges = [
      Date.UTC(2026, 0, 31, 23, 59, 59, 999),
      Date.UTC(2026, 1, 1),
      Date.UTC(2028, 1, 29, 12),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1),
    ];
    let x = 12345;
    const randoms = Array.from({ length: 2000 }, () => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return Date.UTC(2024, 0, 1) + (x / 2 ** 31) * 5 * 365 * 86_400_000;
    });
    for (const ms of [...edges, ...randoms]) {
      expect(windowStartMs("daily", ms)).toBe(naive("daily", ms));
      expect(windowStartMs("monthly", ms)).toBe(naive("monthly", ms));
    }
  });
});
