/**
 * Shared pieces of the budget SQL: locking a tenant's Budget rows, rolling their windows over,
 * and exact money conversion. Amounts travel as integer micro-USD (the columns are
 * DECIMAL(14,6), so micro-USD is exact): no float ever decides an admission. The budget
 * transactions run on the driver (raw-sql.ts), not Prisma: they are the gateway's background
 * work (settler every 200 ms, leases, heartbeats, sweeps), where Prisma's client runtime cost
 * CPU that requests pay for.
 */
import { lockTodaySpend, readWindowSpend, spendOf, type WindowSpend } from "./budget-spend";
import type { PrismaClient } from "./generated/client";
import { sqlDate, sqlInt, sqlQuery, sqlTransaction, type SqlQuery } from "./engine/raw-sql";
import type { BudgetPeriod } from "@/lib/vocabulary";

export type { SqlQuery } from "./engine/raw-sql";

/** Runs `fn` in one budget transaction on the driver (ROLLBACK on any error). */
export function withBudgetTx<T>(db: PrismaClient, fn: (query: SqlQuery) => Promise<T>): Promise<T> {
  return sqlTransaction(db, fn);
}

/** Budget period. Windows are UTC calendar days and months. */
export type { BudgetPeriod };

/** One budget row of a tenant, amounts in micro-USD. */
export interface BudgetRowState {
  id: string;
  tenantId: string;
  period: BudgetPeriod;
  limitMicros: number;
  /** Fraction (0..1) of the limit at which the engine downgrades. */
  softThreshold: number;
  /** When true, spend + leases may never pass the limit; otherwise it only reports. */
  hardLimit: boolean;
  windowStart: Date;
  /** The tenant's spend in the window: the ledger's sum (budget-spend.ts), whenever it was set. */
  spentMicros: number;
  leasedMicros: number;
}

/** Micro-USD per USD. */
export const MICROS = 1_000_000;

/** USD (number) to integer micro-USD, rounding up: a reservation never undercounts. */
export function toMicros(usd: number): number {
  if (!Number.isFinite(usd) || usd <= 0) return 0;
  return Math.ceil(Math.round(usd * MICROS * 1000) / 1000);
}

/**
 * SQL for micro-USD parameter `$n` as USD (numeric: exact), with `usdParam(micros)` as its
 * value: `SET "amountUsd" = ${usdSql(2)}` with params `[id, usdParam(granted)]`.
 */
export function usdSql(n: number): string {
  return `($${n}::bigint::numeric / 1000000)`;
}

/** The parameter value for `usdSql`: integer micro-USD. */
export function usdParam(micros: number): number {
  return Math.round(micros);
}

const DAY_MS = 86_400_000;
let monthMemo = { dayStart: Number.NaN, monthStart: 0 };

/** `currentWindowStart` in epoch ms, without allocating (the gateway asks on every request). */
export function windowStartMs(period: BudgetPeriod, nowMs: number): number {
  const dayStart = Math.floor(nowMs / DAY_MS) * DAY_MS;
  if (period === "daily") return dayStart;
  if (monthMemo.dayStart !== dayStart) {
    const d = new Date(dayStart);
    monthMemo = { dayStart, monthStart: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) };
  }
  return monthMemo.monthStart;
}

/** Start of the window holding `now`: UTC midnight (daily) or the first of the month (monthly). */
export function currentWindowStart(period: BudgetPeriod, now: Date): Date {
  return new Date(windowStartMs(period, now.getTime()));
}

type RawRow = {
  id: string;
  tenantId: string;
  period: string;
  limit_micros: unknown;
  soft: unknown;
  hardLimit: boolean;
  windowStart: unknown;
  spent_micros: unknown;
  leased_micros: unknown;
};

const COLUMNS = `"id"::text AS "id", "tenantId"::text AS "tenantId", "period"::text AS "period",
  ROUND("limitUsd" * 1000000)::bigint AS limit_micros, "softThreshold"::float8 AS soft, "hardLimit",
  "windowStart", ROUND("spentUsd" * 1000000)::bigint AS spent_micros,
  ROUND("leasedUsd" * 1000000)::bigint AS leased_micros`;

function toState(r: RawRow): BudgetRowState {
  return {
    id: r.id,
    tenantId: r.tenantId,
    period: r.period === "monthly" ? "monthly" : "daily",
    limitMicros: sqlInt(r.limit_micros),
    softThreshold: Number(r.soft),
    hardLimit: r.hardLimit,
    windowStart: sqlDate(r.windowStart),
    spentMicros: sqlInt(r.spent_micros),
    leasedMicros: sqlInt(r.leased_micros),
  };
}

const LOCK_ROWS = `SELECT ${COLUMNS} FROM "Budget" WHERE "tenantId" = ANY($1::uuid[])
  ORDER BY "tenantId", "period" FOR UPDATE`;

const ROLL_WINDOW = `UPDATE "Budget" SET "windowStart" = $2::timestamptz,
  "spentUsd" = 0, "leasedUsd" = 0, "updatedAt" = $3::timestamptz WHERE "id" = $1::uuid`;

// The Budget row's spentUsd column mirrors the ledger for readers of the row; the ledger decides.
const MIRROR_SPENT = `
  UPDATE "Budget" AS b SET "spentUsd" = v.spent::numeric / 1000000
  FROM unnest($1::uuid[], $2::bigint[]) AS v(id, spent) WHERE b."id" = v.id`;

/** Sets each row's spent to the ledger's spend in its (current) window; mirrors changes. */
async function applyLedgerSpend(
  query: SqlQuery,
  rows: BudgetRowState[],
  spend: Map<string, WindowSpend>,
): Promise<void> {
  const changed: BudgetRowState[] = [];
  for (const row of rows) {
    const spent = spendOf(spend.get(row.tenantId), row.period);
    if (spent !== row.spentMicros) changed.push(row);
    row.spentMicros = spent;
  }
  if (changed.length === 0) return;
  await query(MIRROR_SPENT, [changed.map((r) => r.id), changed.map((r) => r.spentMicros)]);
}

/**
 * Locks the Budget rows of `tenantIds` (FOR UPDATE, in tenant then period order, the one lock
 * order of every budget transaction: no deadlocks) and rolls stale windows over: spend and
 * leases of a past window no longer count. Leases taken in that window stop counting too (a
 * lease counts on a row only while `lease.windowStart >= row.windowStart`).
 */
export async function lockBudgetRows(
  query: SqlQuery,
  tenantIds: readonly string[],
  now: Date,
  options: { lockTodaySpend?: boolean } = {},
): Promise<BudgetRowState[]> {
  if (tenantIds.length === 0) return [];
  const ids = [...new Set(tenantIds)].sort();
  const rows = (await query<RawRow>(LOCK_ROWS, [ids])).map(toState);
  for (const row of rows) {
    const start = currentWindowStart(row.period, now);
    if (row.windowStart.getTime() < start.getTime()) {
      await query(ROLL_WINDOW, [row.id, start, now]);
      row.windowStart = start;
      row.spentMicros = 0;
      row.leasedMicros = 0;
    }
  }
  if (rows.length === 0) return rows;
  const budgeted = [...new Set(rows.map((r) => r.tenantId))];
  if (options.lockTodaySpend === true) {
    for (const tenantId of budgeted) await lockTodaySpend(query, tenantId, now);
  }
  await applyLedgerSpend(query, rows, await readWindowSpend(query, budgeted, now));
  return rows;
}

const READ_ROWS = `SELECT ${COLUMNS} FROM "Budget" WHERE "tenantId" = ANY($1::uuid[])
  ORDER BY "tenantId", "period"`;

/**
 * Reads the budgets of `tenantIds` without locking, as they are in the windows holding `now`
 * (spent from the ledger; leases of a rolled window no longer count).
 */
export async function readBudgetRows(
  db: PrismaClient,
  tenantIds: readonly string[],
  now: Date,
): Promise<BudgetRowState[]> {
  if (tenantIds.length === 0) return [];
  const query: SqlQuery = (text, params) => sqlQuery(db, text, params);
  const ids = [...new Set(tenantIds)];
  const [raw, spend] = await Promise.all([
    query<RawRow>(READ_ROWS, [ids]),
    readWindowSpend(query, ids, now),
  ]);
  return raw.map((r) => {
    const row = toState(r);
    const start = currentWindowStart(row.period, now);
    if (row.windowStart.getTime() < start.getTime()) {
      row.windowStart = start;
      row.leasedMicros = 0;
    }
    row.spentMicros = spendOf(spend.get(row.tenantId), row.period);
    return row;
  });
}

const APPLY_DELTAS = `
  UPDATE "Budget" AS b SET
    "spentUsd" = b."spentUsd" + v.spent::numeric / 1000000,
    "leasedUsd" = GREATEST(0, b."leasedUsd" + v.leased::numeric / 1000000),
    "updatedAt" = $4::timestamptz
  FROM unnest($1::uuid[], $2::bigint[], $3::bigint[]) AS v(id, spent, leased)
  WHERE b."id" = v.id`;

/** Adds deltas (micro-USD) to Budget rows in one statement; leased never goes below zero. */
export async function applyBudgetDeltas(
  query: SqlQuery,
  deltas: ReadonlyArray<{ id: string; spentMicros: number; leasedMicros: number }>,
  now: Date,
): Promise<void> {
  const changed = deltas.filter((d) => d.spentMicros !== 0 || d.leasedMicros !== 0);
  if (changed.length === 0) return;
  await query(APPLY_DELTAS, [
    changed.map((d) => d.id),
    changed.map((d) => Math.round(d.spentMicros)),
    changed.map((d) => Math.round(d.leasedMicros)),
    now,
  ]);
}

/** Applies deltas to in-memory copies the same way `applyBudgetDeltas` does in SQL. */
export function applyDeltasInMemory(
  rows: BudgetRowState[],
  deltas: ReadonlyArray<{ id: string; spentMicros: number; leasedMicros: number }>,
): void {
  for (const d of deltas) {
    const row = rows.find((r) => r.id === d.id);
    if (row === undefined) continue;
    row.spentMicros += d.spentMicros;
    row.leasedMicros = Math.max(0, row.leasedMicros + d.leasedMicros);
  }
}
