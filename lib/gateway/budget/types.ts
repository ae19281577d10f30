/** Public types of the budget subsystem: the port the gateway holds and the manager behind it. */
import type { BudgetDb } from "@/lib/db/budgets";
import type { BudgetStateView } from "./lease";

/** A request's hold on its tenant's budget; pass it to `settle`. */
export interface BudgetReservation {
  tenantId: string;
  /**
   * The request's unique key (the gateway passes its decision id, never a client-supplied id);
   * settlement is idempotent by it.
   */
  requestId: string;
  /** False for tenants without budgets: settling only records the spend in the ledger. */
  tracked: boolean;
  leaseId: string | null;
  leaseWindowStart: Date | null;
  reservedMicros: number;
  /** When it was admitted (epoch ms): its spend counts on that UTC day. */
  admittedAtMs: number;
}

/** Outcome of `reserve`. */
export type ReserveResult =
  | { ok: true; reservation: BudgetReservation }
  | { ok: false; reason: "budget_exceeded" | "budget_unavailable"; retryAfterS?: number };

/**
 * A tenant's budget as the gateway pipeline sees it (`GatewayServices.budget`): only a
 * `BudgetReservation` this port handed out can be settled.
 */
export interface BudgetPort {
  reserve(tenantId: string, requestId: string, worstCaseUsd: number): Promise<ReserveResult>;
  /** Settles actual cost; never throws (queued, retried). A second settle is ignored. */
  settle(reservation: BudgetReservation, actualUsd: number): Promise<void>;
  /** The engine's budget view of a tenant, from memory. */
  state(tenantId: string): BudgetStateView;
  /**
   * Re-reads the budgets of the tenants this instance knows; called when the config poll sees
   * the `budgets` revision move (a budget was created, changed or deleted on any instance).
   */
  refresh(): Promise<void>;
}

/** The budget manager of one gateway instance: the port plus its upkeep. */
export interface BudgetManager extends BudgetPort {
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
  /**
   * How long "this tenant has no budget" is trusted when no budget edit is announced (the config
   * poll's `refresh` normally tells within a second). Default 30 s.
   */
  noBudgetRecheckMs?: number;
  /**
   * How long a refused lease makes the engine answer `hard` before the next request asks the
   * database again (other instances may have returned slices). Default 1 s.
   */
  exhaustedRecheckMs?: number;
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
