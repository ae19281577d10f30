/**
 * In-memory state of one tenant's budget on this instance, and the pure rules over it: slice
 * sizing, window staleness, and the ok | soft | hard state the engine reads. Amounts are integer
 * micro-USD so admission is exact.
 */
import { currentWindowStart, windowStartMs, type BudgetRowState } from "@/lib/db/budgets";

/** What this instance knows about one tenant's budget. */
export interface TenantBudget {
  tenantId: string;
  /** unknown: never read; none: no Budget rows (re-checked now and then); budgeted: has rows. */
  config: "unknown" | "none" | "budgeted";
  /** When `config` was last read (epoch ms). */
  checkedAt: number;
  /** The last snapshot of the tenant's Budget rows. */
  budgets: BudgetRowState[];
  leaseId: string | null;
  leaseWindowStart: Date | null;
  /** Unreserved micro-USD left on the lease. May go negative when actual > reserved. */
  availableMicros: number;
  /** Reservations not yet settled. */
  outstanding: number;
  /** Spend settled here but not yet reflected in `budgets`. */
  unflushedSpendMicros: number;
  /** A decaying maximum of recent worst cases, for sizing slices. */
  recentWorstMicros: number;
  lastUsedAt: number;
  /** Set when the last lease request was refused; cleared by a grant or a new window. */
  exhausted: boolean;
  /** The single in-flight lease request (single flight). */
  pending: Promise<void> | null;
}

/** Budget state as the routing engine reads it. */
export interface BudgetStateView {
  /** Largest fraction spent over the tenant's budgets (0 when it has none). */
  fractionSpent: number;
  state: "ok" | "soft" | "hard";
}

export function createTenantBudget(tenantId: string): TenantBudget {
  return {
    tenantId,
    config: "unknown",
    checkedAt: 0,
    budgets: [],
    leaseId: null,
    leaseWindowStart: null,
    availableMicros: 0,
    outstanding: 0,
    unflushedSpendMicros: 0,
    recentWorstMicros: 0,
    lastUsedAt: 0,
    exhausted: false,
    pending: null,
  };
}

/** True when a hard limit applies (unknown config counts as hard: fail closed). */
export function hasHardLimit(t: TenantBudget): boolean {
  if (t.config === "unknown") return true;
  return t.budgets.some((b) => b.hardLimit);
}

/**
 * The slice to ask for: max(10 × recent worst case, 1% of the smallest limit), plus the
 * shortfall of the request that asked. The database caps it at what remains.
 */
export function sizeSliceMicros(t: TenantBudget, shortfallMicros: number): number {
  const limits = t.budgets.map((b) => b.limitMicros).filter((l) => l > 0);
  const onePercent = limits.length > 0 ? Math.floor(Math.min(...limits) / 100) : 0;
  return Math.max(10 * t.recentWorstMicros, onePercent, shortfallMicros);
}

/** True when a window rolled since the lease was taken: the lease no longer counts anywhere. */
export function isLeaseStale(t: TenantBudget, now: Date): boolean {
  if (t.leaseWindowStart === null) return false;
  const marker = t.leaseWindowStart.getTime();
  const nowMs = now.getTime();
  return t.budgets.some((b) => windowStartMs(b.period, nowMs) > marker);
}

/** Replaces the snapshot, rolling rows whose window has passed (as the database would). */
export function applySnapshot(t: TenantBudget, rows: BudgetRowState[], now: Date): void {
  t.budgets = rows.map((r) => {
    const start = currentWindowStart(r.period, now);
    if (start.getTime() > r.windowStart.getTime()) {
      return { ...r, windowStart: start, spentMicros: 0, leasedMicros: 0 };
    }
    return { ...r };
  });
  t.config = rows.length > 0 ? "budgeted" : "none";
  t.checkedAt = now.getTime();
}

/** The engine's view: fraction spent and ok | soft | hard, from memory only. */
export function viewBudgetState(t: TenantBudget | undefined): BudgetStateView {
  if (t === undefined || t.config !== "budgeted") return { fractionSpent: 0, state: "ok" };
  let fraction = 0;
  let state: BudgetStateView["state"] = "ok";
  for (const b of t.budgets) {
    if (b.limitMicros <= 0) continue;
    const f = (b.spentMicros + t.unflushedSpendMicros) / b.limitMicros;
    fraction = Math.max(fraction, f);
    if (b.hardLimit && f >= 1) state = "hard";
    else if (state === "ok" && f >= b.softThreshold) state = "soft";
  }
  if (t.exhausted && t.availableMicros < Math.max(1, t.recentWorstMicros) && hasHardLimit(t)) {
    state = "hard";
  }
  return { fractionSpent: fraction, state };
}

/** Seconds until every hard window too full for `needMicros` has rolled over (Retry-After). */
export function secondsUntilRollover(t: TenantBudget, now: Date, needMicros: number): number {
  let latest = -Infinity;
  for (const b of t.budgets) {
    if (!b.hardLimit || b.limitMicros - b.spentMicros - b.leasedMicros >= needMicros) continue;
    const start = currentWindowStart(b.period, now);
    const next =
      b.period === "daily"
        ? Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1)
        : Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
    latest = Math.max(latest, next);
  }
  if (!Number.isFinite(latest)) return 1;
  return Math.max(1, Math.ceil((latest - now.getTime()) / 1000));
}
