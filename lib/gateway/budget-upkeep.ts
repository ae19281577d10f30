/**
 * Background upkeep of an instance's leases: heartbeats (a swept lease is dropped from memory),
 * and giving unused slices back, when idle, stale or closing, so other instances can lease them.
 */
import { heartbeatBudgetLeases, returnBudgetLease, type BudgetDb } from "@/lib/db/budgets";
import { applySnapshot, type TenantBudget } from "./budget-lease";

/** What the upkeep functions need from the manager. */
export interface UpkeepContext {
  db: BudgetDb;
  instanceId: string;
  ttlMs: number;
  idleMs: number;
  clock: () => number;
  tenants: Map<string, TenantBudget>;
}

/** Extends held leases; drops swept ones; returns the unused part of idle ones. */
export async function heartbeatLeases(ctx: UpkeepContext): Promise<void> {
  const held = [...ctx.tenants.values()].filter((t) => t.leaseId !== null);
  if (held.length === 0) return;
  const now = ctx.clock();
  const ids = held.flatMap((t) => (t.leaseId === null ? [] : [t.leaseId]));
  const alive = await heartbeatBudgetLeases(ctx.db, ctx.instanceId, ids, new Date(now), ctx.ttlMs);
  for (const t of held) {
    if (t.leaseId === null) continue;
    if (!alive.has(t.leaseId)) {
      t.leaseId = null;
      t.leaseWindowStart = null;
      t.availableMicros = 0;
    } else if (now - t.lastUsedAt >= ctx.idleMs && t.availableMicros > 0 && t.pending === null) {
      await giveBackSlice(ctx, t, t.outstanding === 0);
    }
  }
}

/**
 * Gives the unreserved part of the tenant's lease back. With `closeLease` the lease is forgotten
 * here and its row deleted once empty (reservations still outstanding settle against it).
 */
export async function giveBackSlice(
  ctx: UpkeepContext,
  t: TenantBudget,
  closeLease: boolean,
): Promise<void> {
  if (t.leaseId === null) return;
  const amount = Math.max(0, t.availableMicros);
  const leaseId = t.leaseId;
  t.availableMicros -= amount;
  if (closeLease) {
    t.leaseId = null;
    t.leaseWindowStart = null;
  }
  const rows = await returnBudgetLease(ctx.db, {
    tenantId: t.tenantId,
    leaseId,
    amountMicros: amount,
    close: closeLease,
    now: new Date(ctx.clock()),
  });
  applySnapshot(t, rows, new Date(ctx.clock()));
}
