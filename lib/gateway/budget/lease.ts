/**
 * In-memory state of one tenant's budget on this instance, and the pure rules over it: slice
 * sizing, window staleness, and the ok | soft | hard state the engine reads. Amounts are integer
 * micro-USD so admission is exact.
 */
import { NativeDate, nowMs as clockNowMs } from "@/lib/clock";
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
  /** `budgetConfigKey` of the limits the lease was granted under. */
  leaseConfigKey: string;
  /** Unreserved micro-USD left on the lease. May go negative when actual > reserved. */
  availableMicros: number;
  /** Reservations not yet settled. */
  outstanding: number;
  /** Spend settled here but not yet reflected in `budgets`. */
  unflushedSpendMicros: number;
  /** A decaying maximum of recent worst cases, for sizing slices. */
  recentWorstMicros: number;
  lastUsedAt: number;
  /** Set when the last lease request was refused; cleared by a grant, a new window or an edit. */
  exhausted: boolean;
  /** When `exhausted` was set (epoch ms): the engine trusts it for a short while only. */
  exhaustedAtMs: number;
  /** The single in-flight lease request (single flight). */
  pending: Promise<void> | null;
}

/** Budget state as the routing engine reads it. */
export interface BudgetStateView {
  /** Largest fraction spent over the tenant's budgets (0 when it has none). */
  fractionSpent: number;
  state: "ok" | "soft" | "hard";
  /** With `hard`: seconds until the windows that block have rolled (the 429's Retry-After). */
  retryAfterS?: number;
}

export function createTenantBudget(tenantId: string): TenantBudget {
  return {
    tenantId,
    config: "unknown",
    checkedAt: 0,
    budgets: [],
    leaseId: null,
    leaseWindowStart: null,
    leaseConfigKey: "",
    availableMicros: 0,
    outstanding: 0,
    unflushedSpendMicros: 0,
    recentWorstMicros: 0,
    lastUsedAt: 0,
    exhausted: false,
    exhaustedAtMs: 0,
    pending: null,
  };
}

/**
 * Rolls the snapshot's windows that ended before `nowMs` as the database would (spent and
 * leases of a past window no longer count), and forgets a refusal and unflushed spend of the
 * past window: at a window boundary the engine's view changes without waiting for a lease.
 */
export function rollStaleWindows(t: TenantBudget, nowMs: number): void {
  let rolled = false;
  for (const b of t.budgets) {
    const start = windowStartMs(b.period, nowMs);
    if (start > b.windowStart.getTime()) {
      b.windowStart = new NativeDate(start);
      b.spentMicros = 0;
      b.leasedMicros = 0;
      rolled = true;
    }
  }
  if (rolled) {
    t.exhausted = false;
    t.unflushedSpendMicros = 0;
  }
}

/** What decides admission in a snapshot (ids, periods, limits, flags); spend excluded. */
export function budgetConfigKey(rows: readonly BudgetRowState[]): string {
  return rows
    .map((r) => `${r.id}:${r.period}:${r.limitMicros}:${r.hardLimit}:${r.softThreshold}`)
    .sort()
    .join("|");
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

/**
 * The engine's view: fraction spent and ok | soft | hard, from memory only. With `nowMs`, windows
 * that ended roll first, and a refused lease counts as `hard` for `exhaustedTrustMs` only (then
 * the next request goes to `reserve`, which asks the database again, once per tenant).
 */
export function viewBudgetState(
  t: TenantBudget | undefined,
  nowMs?: number,
  exhaustedTrustMs = Number.POSITIVE_INFINITY,
): BudgetStateView {
  if (t === undefined || t.config !== "budgeted") return { fractionSpent: 0, state: "ok" };
  if (nowMs !== undefined) rollStaleWindows(t, nowMs);
  let fraction = 0;
  let state: BudgetStateView["state"] = "ok";
  for (const b of t.budgets) {
    if (b.limitMicros <= 0) continue;
    const f = (b.spentMicros + t.unflushedSpendMicros) / b.limitMicros;
    fraction = Math.max(fraction, f);
    if (b.hardLimit && f >= 1) state = "hard";
    else if (state === "ok" && f >= b.softThreshold) state = "soft";
  }
  const need = Math.max(1, t.recentWorstMicros);
  const trusted = nowMs === undefined || nowMs - t.exhaustedAtMs < exhaustedTrustMs;
  if (t.exhausted && trusted && t.availableMicros < need && hasHardLimit(t)) state = "hard";
  if (state !== "hard") return { fractionSpent: fraction, state };
  const now = new NativeDate(nowMs ?? clockNowMs());
  return { fractionSpent: fraction, state, retryAfterS: secondsUntilRollover(t, now, need) };
}

/**
 * Seconds until every hard window too full for `needMicros` has rolled over (Retry-After), from
 * the snapshot rolled to `now` (a snapshot of a past window blocks nothing). Both 429 paths (the
 * engine's `hard` and a refused `reserve`) answer this.
 */
export function secondsUntilRollover(t: TenantBudget, now: Date, needMicros: number): number {
  let latest = -Infinity;
  const nowMs = now.getTime();
  for (const b of t.budgets) {
    if (!b.hardLimit || windowStartMs(b.period, nowMs) > b.windowStart.getTime()) continue;
    const spent = b.spentMicros + t.unflushedSpendMicros;
    if (b.limitMicros - spent - b.leasedMicros >= needMicros) continue;
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
