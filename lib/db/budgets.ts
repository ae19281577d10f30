/**
 * Budget leases in Postgres. An instance leases a slice of a tenant's remaining budget (all its
 * budget rows, daily and monthly, in one transaction under FOR UPDATE), reserves from the slice
 * in memory (lib/gateway/budget/manager.ts), settles actual spend idempotently by request id
 * (./budget-settlements.ts) and returns what it did not use. Invariant on every hard-limit row:
 * spent + leased <= limit, where leased is the sum of the live leases taken in the row's window.
 */
import { randomUUID } from "node:crypto";
import {
  applyBudgetDeltas,
  applyDeltasInMemory,
  withBudgetTx,
  lockBudgetRows,
  readBudgetRows,
  toMicros,
  usdParam,
  usdSql,
  type BudgetRowState,
} from "./budget-rows";
import { bumpConfigRevision } from "./config-revision";
import { Prisma, type PrismaClient } from "./generated/client";
import { sqlDate, sqlInt, sqlQuery } from "./engine/raw-sql";
import type { BudgetPeriod } from "@/lib/vocabulary";

export type { PrismaClient as BudgetDb } from "./generated/client";
export { currentWindowStart, windowStartMs, toMicros, MICROS } from "./budget-rows";
export type { BudgetPeriod, BudgetRowState } from "./budget-rows";
export { settleBudgetReservations, type SettlementItem } from "./budget-settlements";
export { dayStartMs, pruneTenantSpend, readWindowSpendOf } from "./budget-spend";

/** A lease request; amounts in micro-USD. */
export interface LeaseRequest {
  tenantId: string;
  instanceId: string;
  /** Extend this lease (when still live and in the current windows) instead of opening one. */
  leaseId: string | null;
  /** The slice wanted. */
  desiredMicros: number;
  /** Below this the lease is refused (the request that asked cannot be admitted). */
  minMicros: number;
  now: Date;
  ttlMs: number;
}

/** What a lease request got. `granted` may be less than desired: exactly what remained. */
export type LeaseResult =
  | { kind: "no_budget" }
  | { kind: "exceeded"; budgets: BudgetRowState[] }
  | {
      kind: "granted";
      leaseId: string;
      grantedMicros: number;
      /** The lease's window marker: it counts on a budget row while this >= row.windowStart. */
      leaseWindowStart: Date;
      budgets: BudgetRowState[];
    };

/** Room left under the tightest hard limit (Infinity when no row is hard). */
export function headroomMicros(rows: readonly BudgetRowState[]): number {
  let room = Infinity;
  for (const r of rows) {
    if (r.hardLimit) room = Math.min(room, r.limitMicros - r.spentMicros - r.leasedMicros);
  }
  return Math.max(0, room);
}

/** Leases a slice of a tenant's remaining budget atomically (both periods at once). */
export async function acquireBudgetLease(
  db: PrismaClient,
  req: LeaseRequest,
): Promise<LeaseResult> {
  return withBudgetTx(db, async (query) => {
    // Today's ledger row too: spend settled for the tenant while it had no budget is counted.
    const rows = await lockBudgetRows(query, [req.tenantId], req.now, { lockTodaySpend: true });
    if (rows.length === 0) return { kind: "no_budget" };
    const room = headroomMicros(rows);
    const min = Math.max(1, Math.round(req.minMicros));
    if (room < min) return { kind: "exceeded", budgets: rows };
    const granted = Math.min(Math.max(min, Math.round(req.desiredMicros)), room);
    const windowStart = new Date(Math.max(...rows.map((r) => r.windowStart.getTime())));
    const expiresAt = new Date(req.now.getTime() + req.ttlMs);
    let leaseId: string | null = null;
    if (req.leaseId !== null) {
      const extended = await query<{ id: string }>(EXTEND_LEASE, [
        req.leaseId,
        req.instanceId,
        usdParam(granted),
        req.now,
        expiresAt,
        windowStart,
      ]);
      leaseId = extended[0]?.id ?? null;
    }
    if (leaseId === null) {
      leaseId = randomUUID();
      await query(INSERT_LEASE, [
        leaseId,
        req.tenantId,
        req.instanceId,
        usdParam(granted),
        windowStart,
        expiresAt,
        req.now,
      ]);
    }
    const deltas = rows.map((r) => ({ id: r.id, spentMicros: 0, leasedMicros: granted }));
    await applyBudgetDeltas(query, deltas, req.now);
    applyDeltasInMemory(rows, deltas);
    return {
      kind: "granted",
      leaseId,
      grantedMicros: granted,
      leaseWindowStart: windowStart,
      budgets: rows,
    };
  });
}

/**
 * Gives `amountMicros` of a lease back (what no reservation holds). With `close`, the lease row
 * is deleted once nothing remains on it. Returns the tenant's budgets after the change.
 */
export async function returnBudgetLease(
  db: PrismaClient,
  input: { tenantId: string; leaseId: string; amountMicros: number; close: boolean; now: Date },
): Promise<BudgetRowState[]> {
  return withBudgetTx(db, async (query) => {
    const rows = await lockBudgetRows(query, [input.tenantId], input.now);
    const lease = await query<{ amount_micros: unknown; windowStart: unknown }>(LOCK_LEASE, [
      input.leaseId,
    ]);
    const found = lease[0];
    if (found === undefined) return rows;
    const outstanding = sqlInt(found.amount_micros);
    const back = Math.min(outstanding, Math.max(0, Math.round(input.amountMicros)));
    if (input.close && outstanding - back <= 0) {
      await query(DELETE_LEASE, [input.leaseId]);
    } else if (back > 0) {
      await query(SHRINK_LEASE, [input.leaseId, usdParam(back)]);
    }
    const leaseWindow = sqlDate(found.windowStart).getTime();
    const deltas = rows
      .filter((r) => leaseWindow >= r.windowStart.getTime())
      .map((r) => ({ id: r.id, spentMicros: 0, leasedMicros: -back }));
    await applyBudgetDeltas(query, deltas, input.now);
    applyDeltasInMemory(rows, deltas);
    return rows;
  });
}

/**
 * Extends the given leases of this instance; returns the ids still alive (absent ones were
 * swept). Leases the instance no longer holds are not extended: they expire and get swept.
 */
export async function heartbeatBudgetLeases(
  db: PrismaClient,
  instanceId: string,
  leaseIds: readonly string[],
  now: Date,
  ttlMs: number,
): Promise<Set<string>> {
  if (leaseIds.length === 0) return new Set();
  const expiresAt = new Date(now.getTime() + ttlMs);
  const rows = await sqlQuery<{ id: string }>(db, HEARTBEAT_LEASES, [
    [...leaseIds],
    instanceId,
    now,
    expiresAt,
  ]);
  return new Set(rows.map((r) => r.id));
}

/**
 * Reclaims the leases of dead instances (no heartbeat within their TTL): deletes them and
 * releases their outstanding amount from the budgets they count on. A settlement that arrives
 * later still counts its spend once (it finds no lease and only adds to spent).
 */
export async function sweepExpiredLeases(
  db: PrismaClient,
  now: Date,
): Promise<{ leases: number; amountUsd: number }> {
  const tenants = await sqlQuery<{ tenantId: string }>(db, EXPIRED_LEASE_TENANTS, [now]);
  let leases = 0;
  let micros = 0;
  for (const { tenantId } of tenants) {
    await withBudgetTx(db, async (query) => {
      const rows = await lockBudgetRows(query, [tenantId], now);
      const swept = await query<{ amount_micros: unknown; windowStart: unknown }>(
        DELETE_EXPIRED_LEASES,
        [tenantId, now],
      );
      const deltas = rows.map((r) => ({ id: r.id, spentMicros: 0, leasedMicros: 0 }));
      for (const lease of swept) {
        const amount = Math.max(0, sqlInt(lease.amount_micros));
        const leaseWindow = sqlDate(lease.windowStart).getTime();
        leases += 1;
        micros += amount;
        rows.forEach((r, i) => {
          const d = deltas[i];
          if (d && leaseWindow >= r.windowStart.getTime()) d.leasedMicros -= amount;
        });
      }
      await applyBudgetDeltas(query, deltas, now);
    });
  }
  return { leases, amountUsd: micros / 1_000_000 };
}

/** A tenant's budgets as they stand in the window holding `now` (no lock, no write). */
export async function readTenantBudgets(
  db: PrismaClient,
  tenantId: string,
  now: Date,
): Promise<BudgetRowState[]> {
  return readBudgetRows(db, [tenantId], now);
}

/** The budgets of many tenants as they stand in the windows holding `now` (no lock, no write). */
export async function readBudgetsOfTenants(
  db: PrismaClient,
  tenantIds: readonly string[],
  now: Date,
): Promise<BudgetRowState[]> {
  return readBudgetRows(db, tenantIds, now);
}

/** Creates or changes a tenant's budget for one period (seeds, console, tests). */
export async function upsertTenantBudget(
  db: PrismaClient,
  input: {
    tenantId: string;
    period: BudgetPeriod;
    limitUsd: number;
    softThreshold?: number;
    hardLimit?: boolean;
    windowStart: Date;
  },
): Promise<void> {
  const limitUsd = new Prisma.Decimal(toMicros(input.limitUsd)).div(1_000_000);
  const soft = input.softThreshold ?? 0.8;
  const hard = input.hardLimit ?? true;
  await db.$transaction(async (tx) => {
    await tx.budget.upsert({
      where: { tenantId_period: { tenantId: input.tenantId, period: input.period } },
      create: {
        tenantId: input.tenantId,
        period: input.period,
        limitUsd,
        softThreshold: soft,
        hardLimit: hard,
        windowStart: input.windowStart,
      },
      update: { limitUsd, softThreshold: soft, hardLimit: hard },
      select: { id: true },
    });
    // Every instance re-reads its tenants' budgets within a second.
    await bumpConfigRevision(tx, "budgets");
  });
}

// The lease statements (fixed text; money as integer micro-USD parameters, see usdSql).
const EXTEND_LEASE = `
  UPDATE "BudgetLease" SET "amountUsd" = "amountUsd" + ${usdSql(3)},
    "heartbeatAt" = $4::timestamptz, "expiresAt" = $5::timestamptz
  WHERE "id" = $1::uuid AND "instanceId" = $2 AND "windowStart" >= $6::timestamptz
  RETURNING "id"::text AS "id"`;

const INSERT_LEASE = `
  INSERT INTO "BudgetLease" ("id", "tenantId", "instanceId", "amountUsd", "windowStart",
    "expiresAt", "createdAt", "heartbeatAt")
  VALUES ($1::uuid, $2::uuid, $3, ${usdSql(4)}, $5::timestamptz, $6::timestamptz,
    $7::timestamptz, $7::timestamptz)`;

const LOCK_LEASE = `
  SELECT ROUND("amountUsd" * 1000000)::bigint AS amount_micros, "windowStart"
  FROM "BudgetLease" WHERE "id" = $1::uuid FOR UPDATE`;

const DELETE_LEASE = `DELETE FROM "BudgetLease" WHERE "id" = $1::uuid`;

const SHRINK_LEASE = `UPDATE "BudgetLease" SET "amountUsd" = "amountUsd" - ${usdSql(2)}
  WHERE "id" = $1::uuid`;

const HEARTBEAT_LEASES = `
  UPDATE "BudgetLease" SET "heartbeatAt" = $3::timestamptz, "expiresAt" = $4::timestamptz
  WHERE "instanceId" = $2 AND "id" = ANY($1::uuid[])
  RETURNING "id"::text AS "id"`;

const EXPIRED_LEASE_TENANTS = `
  SELECT DISTINCT "tenantId"::text AS "tenantId" FROM "BudgetLease"
  WHERE "expiresAt" < $1::timestamptz`;

const DELETE_EXPIRED_LEASES = `
  DELETE FROM "BudgetLease" WHERE "tenantId" = $1::uuid AND "expiresAt" < $2::timestamptz
  RETURNING ROUND("amountUsd" * 1000000)::bigint AS amount_micros, "windowStart"`;
