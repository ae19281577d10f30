/**
 * Background upkeep of an instance's leases: heartbeats (a swept lease is dropped from memory),
 * giving unused slices back, when idle, stale or closing, so other instances can lease them, and
 * following budget edits made anywhere (`createBudgetRefresh`).
 */
import {
  heartbeatBudgetLeases,
  readBudgetsOfTenants,
  returnBudgetLease,
  type BudgetDb,
  type BudgetRowState,
} from "@/lib/db/budgets";
import { applySnapshot, budgetConfigKey, type TenantBudget } from "./lease";

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

/**
 * `refresh()` re-reads the budgets of every tenant this instance knows (one query) after a budget
 * edit anywhere (the config poll calls it); calls during a refresh run it once more afterwards. A
 * tenant whose limits changed forgets its refusal, gives its unused slice back and takes the new
 * snapshot, so the next request leases under the new limits; a tenant that gained a budget is
 * enforced from its next request.
 */
export function createBudgetRefresh(
  ctx: UpkeepContext,
  onError: (error: unknown) => void,
): () => Promise<void> {
  let refreshing: Promise<void> | null = null;
  let refreshAgain = false;

  async function reconcile(t: TenantBudget, rows: BudgetRowState[]): Promise<void> {
    // A lease request in flight may carry the old limits: reconcile after it.
    if (t.pending !== null) await t.pending.catch(() => {});
    const key = budgetConfigKey(rows);
    // A settlement batch may have brought the new limits already: the lease's own limits count.
    const leaseChanged = t.leaseId !== null && t.leaseConfigKey !== key;
    if (key === budgetConfigKey(t.budgets) && !leaseChanged) return;
    t.exhausted = false;
    if (t.leaseId !== null) await giveBackSlice(ctx, t, t.outstanding === 0).catch(onError);
    applySnapshot(t, rows, new Date(ctx.clock()));
  }

  async function runOnce(): Promise<void> {
    const known = [...ctx.tenants.values()].filter((t) => t.config !== "unknown");
    if (known.length === 0) return;
    const ids = known.map((t) => t.tenantId);
    const byTenant = new Map<string, BudgetRowState[]>();
    for (const r of await readBudgetsOfTenants(ctx.db, ids, new Date(ctx.clock()))) {
      const list = byTenant.get(r.tenantId);
      if (list) list.push(r);
      else byTenant.set(r.tenantId, [r]);
    }
    await Promise.all(known.map((t) => reconcile(t, byTenant.get(t.tenantId) ?? [])));
  }

  return function refresh(): Promise<void> {
    if (refreshing !== null) {
      refreshAgain = true;
      return refreshing;
    }
    refreshing = (async () => {
      do {
        refreshAgain = false;
        await runOnce();
      } while (refreshAgain);
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };
}
