/**
 * Per-tenant budget admission for the gateway (leases in memory, background settlement). The
 * pipeline enters it only here and holds a `BudgetPort`; the folder imports nothing of the
 * gateway, only the clock and its SQL in lib/db.
 */
export { createBudgetManager } from "./manager";
export type { BudgetStateView } from "./lease";
export type {
  BudgetManager,
  BudgetManagerOptions,
  BudgetPort,
  BudgetReservation,
  ReserveResult,
} from "./types";
