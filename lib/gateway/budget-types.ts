/** Public types of the budget manager (lib/gateway/budget-manager.ts). */
import type { BudgetDb } from "@/lib/db/budgets";
import type { BudgetStateView } from "./budget-lease";

/** A request's hold on its tenant's budget; pass it to `settle`. */
export interface BudgetReservation {
  tenantId: string;
  /**
   * The request's unique key (the gateway passes its decision id, never a client-supplied id);
   * settlement is idempotent by it.
   */
  requestId: string;
  /** False for tenants without budgets: settling is a no-op. */
  tracked: boolean;
  leaseId: string | null;
  leaseWindowStart: Date | null;
  reservedMicros: number;
}

/** Outcome of `reserve`. */
export type ReserveResult =
  | { ok: true; reservation: BudgetReservation }
  | { ok: false; reason: "budget_exceeded" | "budget_unavailable"; retryAfterS?: number };

/** The budget manager of one gateway instance. */
export interface BudgetManager {
  reserve(tenantId: string, requestId: string, worstCaseUsd: number): Promise<ReserveResult>;
  /** Settles actual cost; never throws (queued, retried). A second settle is ignored. */
  settle(reservation: BudgetReservation, actualUsd: number): Promise<void>;
  /** The engine's budget view of a tenant, from memory. */
  state(tenantId: string): BudgetStateView;
  /** Writes queued settlements now. */
  flush(): Promise<void>;
  /** Heartbeats held leases (dropping swept ones) and returns idle unused slices. */
  heartbeat(): Promise<void>;
  /** Flushes, returns every unused slice, stops timers. */
  close(): Promise<void>;
  /** Counters for metrics. */
  stats(): {
    leases: number;
    leasedMicros: number;
    pendingSettlements: number;
    leaseRequests: number;
  };
}

/** Options; `db` and `instanceId` are required. */
export interface BudgetManagerOptions {
  db: BudgetDb;
  instanceId: string;
  /** Epoch ms. */
  clock?: () => number;
  /** A lease without heartbeat for this long may be swept. Default 60 s. */
  leaseTtlMs?: number;
  /** How long "this tenant has no budget" is trusted. Default 30 s. */
  noBudgetRecheckMs?: number;
  /** Unused slices idle for this long go back to the database. Default leaseTtlMs / 2. */
  idleReturnMs?: number;
  settleIntervalMs?: number;
  /**
   * How often this instance sweeps expired leases of dead instances (any instance may: the sweep
   * is transactional and idempotent). Default leaseTtlMs; 0 turns it off.
   */
  sweepIntervalMs?: number;
  onError?: (error: unknown) => void;
}
