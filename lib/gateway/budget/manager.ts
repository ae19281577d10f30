/**
 * Per-instance budget admission without a database round trip in the steady state: reserve a
 * request's worst-case cost from this instance's lease in memory, lease a new slice (single
 * flight per tenant) when it runs low, settle actual cost in the background, give unused slices
 * back. The SQL and its invariant (spent + leased <= limit) live in lib/db/budgets.ts.
 */
import { NativeDate, nowMs } from "@/lib/clock";
import {
  acquireBudgetLease,
  dayStartMs,
  headroomMicros,
  pruneTenantSpend,
  sweepExpiredLeases,
  toMicros,
  type SettlementItem,
} from "@/lib/db/budgets";
import { pruneBudgetSettlements, SETTLEMENT_RETENTION_MS } from "@/lib/db/budget-settlements";
import {
  applySnapshot,
  budgetConfigKey,
  createTenantBudget,
  hasHardLimit,
  isLeaseStale,
  rollStaleWindows,
  secondsUntilRollover,
  sizeSliceMicros,
  viewBudgetState,
  type TenantBudget,
} from "./lease";
import { createBudgetSettler } from "./settler";
import type {
  BudgetManager,
  BudgetManagerOptions,
  BudgetReservation,
  ReserveResult,
} from "./types";
import { createBudgetRefresh, giveBackSlice, heartbeatLeases } from "./upkeep";

const MAX_ROUNDS = 32;

export function createBudgetManager(options: BudgetManagerOptions): BudgetManager {
  const { db, instanceId } = options;
  const clock = options.clock ?? nowMs;
  const ttlMs = options.leaseTtlMs ?? 60_000;
  const recheckMs = options.noBudgetRecheckMs ?? 30_000;
  const idleMs = options.idleReturnMs ?? ttlMs / 2;
  const exhaustedTrustMs = options.exhaustedRecheckMs ?? 1_000;
  const onError = options.onError ?? (() => {});
  const tenants = new Map<string, TenantBudget>();
  const outstanding = new Map<string, BudgetReservation>();
  /** Settlements whose spend `unflushedSpendMicros` holds until their batch is written. */
  const countedInMemory = new WeakSet<SettlementItem>();
  let leaseRequests = 0;
  const upkeep = { db, instanceId, ttlMs, idleMs, clock, tenants };
  const heartbeat = () => heartbeatLeases(upkeep);
  const settler = createBudgetSettler({
    db,
    clock,
    intervalMs: options.settleIntervalMs ?? 200,
    maxBatch: 500,
    onError,
    onSettled(budgets, items) {
      const now = new NativeDate(clock());
      for (const item of items) {
        const t = tenants.get(item.tenantId);
        if (t && countedInMemory.delete(item)) {
          t.unflushedSpendMicros = Math.max(0, t.unflushedSpendMicros - item.actualMicros);
        }
      }
      for (const [tenantId, rows] of budgets) {
        const t = tenants.get(tenantId);
        if (t) applySnapshot(t, rows, now);
      }
    },
  });
  const beat = setInterval(() => void heartbeat().catch(onError), Math.max(1_000, ttlMs / 3));
  beat.unref?.();
  const sweepMs = options.sweepIntervalMs ?? ttlMs;
  const sweeper =
    sweepMs > 0 ? setInterval(() => void sweep().catch(onError), Math.max(1_000, sweepMs)) : null;
  sweeper?.unref?.();

  /** Expired leases back into the budgets, settlement rows past their retention, old ledger days. */
  async function sweep(): Promise<void> {
    await sweepExpiredLeases(db, new NativeDate(clock()));
    await pruneBudgetSettlements(db, new NativeDate(clock() - SETTLEMENT_RETENTION_MS));
    const now = new NativeDate(clock());
    // No window reaches before last month's first day.
    await pruneTenantSpend(
      db,
      new NativeDate(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)),
    );
  }

  function tenant(id: string): TenantBudget {
    let t = tenants.get(id);
    if (t === undefined) {
      t = createTenantBudget(id);
      tenants.set(id, t);
    }
    return t;
  }

  function take(t: TenantBudget, requestId: string, need: number): ReserveResult {
    t.availableMicros -= need;
    t.outstanding += 1;
    const reservation: BudgetReservation = {
      tenantId: t.tenantId,
      requestId,
      tracked: true,
      leaseId: t.leaseId,
      leaseWindowStart: t.leaseWindowStart,
      reservedMicros: need,
      admittedAtMs: clock(),
    };
    outstanding.set(requestId, reservation);
    return { ok: true, reservation };
  }

  /** Admitted without a lease: its spend still goes to the ledger (a budget set later sees it). */
  function untracked(tenantId: string, requestId: string): ReserveResult {
    const reservation: BudgetReservation = {
      tenantId,
      requestId,
      tracked: false,
      leaseId: null,
      leaseWindowStart: null,
      reservedMicros: 0,
      admittedAtMs: clock(),
    };
    outstanding.set(requestId, reservation);
    return { ok: true, reservation };
  }

  /** One lease request for the tenant; concurrent callers share it. */
  function requestLease(t: TenantBudget, need: number): Promise<void> {
    if (t.pending !== null) return t.pending;
    const shortfall = Math.max(1, need - t.availableMicros);
    leaseRequests += 1;
    t.pending = acquireBudgetLease(db, {
      tenantId: t.tenantId,
      instanceId,
      leaseId: t.leaseId,
      desiredMicros: sizeSliceMicros(t, shortfall),
      minMicros: shortfall,
      now: new NativeDate(clock()),
      ttlMs,
    })
      .then((result) => {
        const now = new NativeDate(clock());
        if (result.kind === "no_budget") {
          applySnapshot(t, [], now);
          return;
        }
        applySnapshot(t, result.budgets, now);
        if (result.kind === "exceeded") {
          t.exhausted = true;
          t.exhaustedAtMs = clock();
          return;
        }
        t.exhausted = false;
        if (t.leaseId !== result.leaseId) t.availableMicros = Math.min(0, t.availableMicros);
        t.leaseId = result.leaseId;
        t.leaseWindowStart = result.leaseWindowStart;
        t.leaseConfigKey = budgetConfigKey(result.budgets);
        t.availableMicros += result.grantedMicros;
      })
      .finally(() => {
        t.pending = null;
      });
    return t.pending;
  }

  async function reserve(
    tenantId: string,
    requestId: string,
    worstCaseUsd: number,
  ): Promise<ReserveResult> {
    const t = tenant(tenantId);
    const need = Math.max(1, toMicros(worstCaseUsd));
    t.recentWorstMicros = Math.max(need, Math.floor(t.recentWorstMicros * 0.95));
    t.lastUsedAt = clock();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = new NativeDate(clock());
      rollStaleWindows(t, now.getTime());
      if (t.config === "none" && now.getTime() - t.checkedAt < recheckMs)
        return untracked(tenantId, requestId);
      if (t.leaseId !== null && isLeaseStale(t, now)) {
        // A window rolled: give the old slice back (it may still count on a longer period).
        void giveBackSlice(upkeep, t, t.outstanding === 0).catch(onError);
        t.leaseId = null;
        t.leaseWindowStart = null;
        t.availableMicros = 0;
        t.exhausted = false;
      }
      if (t.leaseId !== null && t.availableMicros >= need) return take(t, requestId, need);
      const shared = t.pending !== null;
      try {
        await requestLease(t, need);
      } catch (error) {
        onError(error);
        if (t.leaseId !== null && t.availableMicros >= need) return take(t, requestId, need);
        if (hasHardLimit(t)) return { ok: false, reason: "budget_unavailable", retryAfterS: 1 };
        return untracked(tenantId, requestId);
      }
      if (t.leaseId !== null && t.availableMicros >= need) return take(t, requestId, need);
      if (t.config === "none") return untracked(tenantId, requestId);
      // Refused: only when this request's own shortfall cannot fit either.
      if (t.exhausted && (!shared || need - t.availableMicros > headroomMicros(t.budgets))) {
        return {
          ok: false,
          reason: "budget_exceeded",
          retryAfterS: secondsUntilRollover(t, new NativeDate(clock()), need),
        };
      }
    }
    return { ok: false, reason: "budget_exceeded", retryAfterS: 1 };
  }

  const refresh = createBudgetRefresh(upkeep, onError);

  function settlementOf(r: BudgetReservation, actualMicros: number): SettlementItem {
    return {
      requestId: r.requestId,
      tenantId: r.tenantId,
      leaseId: r.leaseId,
      leaseWindowStart: r.leaseWindowStart,
      reservedMicros: r.reservedMicros,
      actualMicros,
      admittedAtMs: r.admittedAtMs,
    };
  }

  return {
    reserve,
    async settle(reservation, actualUsd) {
      if (outstanding.get(reservation.requestId) !== reservation) return;
      outstanding.delete(reservation.requestId);
      const actual = toMicros(actualUsd);
      if (!reservation.tracked) {
        if (actual > 0) settler.push(settlementOf(reservation, actual));
        return;
      }
      const t = tenant(reservation.tenantId);
      t.outstanding = Math.max(0, t.outstanding - 1);
      if (t.leaseId !== null && t.leaseId === reservation.leaseId) {
        t.availableMicros += reservation.reservedMicros - actual;
      }
      const item = settlementOf(reservation, actual);
      // Spend of a past day's window never counts in today's view.
      if (dayStartMs(reservation.admittedAtMs) >= dayStartMs(clock())) {
        t.unflushedSpendMicros += actual;
        countedInMemory.add(item);
      }
      settler.push(item);
    },
    state: (tenantId) => viewBudgetState(tenants.get(tenantId), clock(), exhaustedTrustMs),
    refresh,
    flush: () => settler.flush(),
    heartbeat,
    async close() {
      clearInterval(beat);
      if (sweeper !== null) clearInterval(sweeper);
      await settler.flush();
      settler.stop();
      for (const t of tenants.values()) {
        await giveBackSlice(upkeep, t, t.outstanding === 0).catch(onError);
      }
    },
    stats() {
      let leases = 0;
      let leasedMicros = 0;
      for (const t of tenants.values()) {
        if (t.leaseId === null) continue;
        leases += 1;
        leasedMicros += Math.max(0, t.availableMicros);
      }
      return { leases, leasedMicros, pendingSettlements: settler.size(), leaseRequests };
    },
  };
}
