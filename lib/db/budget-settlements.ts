/**
 * Settlement of reservations: actual spend moves from "leased" to "spent", once per request id
 * (BudgetSettlement's primary key; ON CONFLICT DO NOTHING makes a retried batch harmless).
 */
import {
  applyBudgetDeltas,
  applyDeltasInMemory,
  withBudgetTx,
  lockBudgetRows,
  windowStartMs,
  type BudgetRowState,
} from "./budget-rows";
import { addTenantSpend, dayStartMs } from "./budget-spend";
import type { PrismaClient } from "./generated/client";
import { sqlDate, sqlInt, sqlQuery } from "./engine/raw-sql";

/** One request to settle; amounts in micro-USD. */
export interface SettlementItem {
  requestId: string;
  tenantId: string;
  /** The lease the reservation came from; null when admitted without one (fail-open). */
  leaseId: string | null;
  /** The lease's window marker (`LeaseResult.leaseWindowStart`); null: the current windows. */
  leaseWindowStart: Date | null;
  reservedMicros: number;
  actualMicros: number;
  /**
   * When the request was admitted (epoch ms): its spend counts on that UTC day. Default: the
   * lease's window marker, else now.
   */
  admittedAtMs?: number;
}

/**
 * Settles a batch in one transaction. Every new settlement (budget or not) adds its actual cost
 * to the spend ledger on the day it was admitted (a request admitted yesterday does not eat
 * today's daily budget); budget rows count it when that day is in their window. It is taken off
 * the lease (and the rows' leased sum) while the lease exists. A lease already swept was
 * released in full by the sweeper, so then only spent grows: the spend still counts once.
 * Returns how many were new, and the budgets of the batch's tenants after the change.
 */
export async function settleBudgetReservations(
  db: PrismaClient,
  items: readonly SettlementItem[],
  now: Date,
): Promise<{ settled: number; budgets: Map<string, BudgetRowState[]> }> {
  const budgets = new Map<string, BudgetRowState[]>();
  if (items.length === 0) return { settled: 0, budgets };
  return withBudgetTx(db, async (query) => {
    const rows = await lockBudgetRows(
      query,
      items.map((i) => i.tenantId),
      now,
    );
    for (const row of rows) {
      const list = budgets.get(row.tenantId) ?? [];
      list.push(row);
      budgets.set(row.tenantId, list);
    }
    // One jsonb parameter for the whole batch (thousands of bind parameters cost more).
    const payload = JSON.stringify(
      items.map((i) => ({
        requestId: i.requestId,
        tenantId: i.tenantId,
        leaseId: i.leaseId,
        reserved: Math.round(i.reservedMicros),
        actual: Math.round(i.actualMicros),
      })),
    );
    const inserted = await query<{ requestId: string }>(INSERT_SETTLEMENTS, [payload, now]);
    const fresh = new Set(inserted.map((r) => r.requestId));
    const settle = items.filter((i) => fresh.delete(i.requestId));
    const dayOf = (i: SettlementItem) =>
      dayStartMs(i.admittedAtMs ?? i.leaseWindowStart?.getTime() ?? now.getTime());
    await addTenantSpend(
      query,
      settle.map((i) => ({ tenantId: i.tenantId, dayMs: dayOf(i), micros: i.actualMicros })),
      now,
    );

    const leaseIds = [...new Set(settle.flatMap((i) => (i.leaseId === null ? [] : [i.leaseId])))];
    const leases = new Map<string, { amount: number; windowStart: number }>();
    if (leaseIds.length > 0) {
      const found = await query<{ id: string; amount_micros: unknown; windowStart: unknown }>(
        LOCK_LEASES,
        [leaseIds],
      );
      for (const l of found) {
        leases.set(l.id, {
          amount: sqlInt(l.amount_micros),
          windowStart: sqlDate(l.windowStart).getTime(),
        });
      }
    }

    const deltas = new Map<string, { id: string; spentMicros: number; leasedMicros: number }>();
    const leaseTaken = new Map<string, number>();
    for (const item of settle) {
      const lease = item.leaseId === null ? undefined : leases.get(item.leaseId);
      // What this settlement takes off its lease (never more than the lease still holds).
      let fromLease = 0;
      if (lease !== undefined && item.leaseId !== null) {
        fromLease = Math.min(Math.max(0, item.actualMicros), lease.amount);
        lease.amount -= fromLease;
        leaseTaken.set(item.leaseId, (leaseTaken.get(item.leaseId) ?? 0) + fromLease);
      }
      const window = lease?.windowStart ?? item.leaseWindowStart?.getTime() ?? now.getTime();
      const day = dayOf(item);
      for (const row of budgets.get(item.tenantId) ?? []) {
        const start = row.windowStart.getTime();
        // The ledger holds the day's spend; the row counts it when the day is in its window.
        const inWindow = day >= windowStartMs(row.period, start);
        if (window < start && !inWindow) continue;
        const d = deltas.get(row.id) ?? { id: row.id, spentMicros: 0, leasedMicros: 0 };
        if (inWindow) d.spentMicros += Math.max(0, item.actualMicros);
        if (window >= start) d.leasedMicros -= fromLease;
        deltas.set(row.id, d);
      }
    }
    const taken = [...leaseTaken].filter(([, micros]) => micros > 0);
    if (taken.length > 0) {
      await query(TAKE_FROM_LEASES, [
        taken.map(([id]) => id),
        taken.map(([, micros]) => Math.round(micros)),
      ]);
    }
    const list = [...deltas.values()];
    await applyBudgetDeltas(query, list, now);
    applyDeltasInMemory(rows, list);
    return { settled: settle.length, budgets };
  });
}

const INSERT_SETTLEMENTS = `
  INSERT INTO "BudgetSettlement" ("requestId", "tenantId", "leaseId", "reservedUsd",
    "actualUsd", "settledAt")
  SELECT x."requestId", x."tenantId", x."leaseId", x.reserved::numeric / 1000000,
    x.actual::numeric / 1000000, $2::timestamptz
  FROM jsonb_to_recordset($1::jsonb)
    AS x("requestId" text, "tenantId" uuid, "leaseId" uuid, reserved bigint, actual bigint)
  WHERE EXISTS (SELECT 1 FROM "Tenant" t WHERE t."id" = x."tenantId")
  ON CONFLICT ("requestId") DO NOTHING
  RETURNING "requestId"`;

const LOCK_LEASES = `
  SELECT "id"::text AS "id", ROUND("amountUsd" * 1000000)::bigint AS amount_micros, "windowStart"
  FROM "BudgetLease" WHERE "id" = ANY($1::uuid[]) ORDER BY "id" FOR UPDATE`;

const TAKE_FROM_LEASES = `
  UPDATE "BudgetLease" AS l SET "amountUsd" = GREATEST(0, l."amountUsd" - v.taken::numeric / 1000000)
  FROM unnest($1::uuid[], $2::bigint[]) AS v(id, taken) WHERE l."id" = v.id`;

/**
 * How long a settlement row is kept. It only guards against settling one request twice: the
 * settler retries a failed batch within seconds to a minute (with backoff) and a retry finds the
 * rows a lost commit acknowledgement hid. A day covers a long database outage between a commit
 * and its retry; past it the rows are deleted, so the ledger does not grow by one row per request
 * forever.
 */
export const SETTLEMENT_RETENTION_MS = 24 * 60 * 60 * 1000;

// Postgres has no DELETE … LIMIT: pick at most $2 old rows in settledAt order, skipping rows
// another instance's sweeper holds, and delete those.
const PRUNE_SETTLEMENTS = `
  WITH doomed AS (
    DELETE FROM "BudgetSettlement" WHERE ctid = ANY(ARRAY(
      SELECT ctid FROM "BudgetSettlement"
      WHERE "settledAt" < $1
      ORDER BY "settledAt"
      LIMIT $2
      FOR UPDATE SKIP LOCKED))
    RETURNING 1)
  SELECT count(*) AS n FROM doomed`;

/**
 * Deletes settlement rows settled before `before`, in statements of at most `batchSize` rows
 * (short locks), at most `maxBatches` of them per call; returns how many were deleted.
 */
export async function pruneBudgetSettlements(
  db: PrismaClient,
  before: Date,
  batchSize = 2_000,
  maxBatches = 50,
): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const [row] = await sqlQuery<{ n: unknown }>(db, PRUNE_SETTLEMENTS, [before, batchSize]);
    const n = row === undefined ? 0 : sqlInt(row.n);
    deleted += n;
    if (n < batchSize) break;
  }
  return deleted;
}
