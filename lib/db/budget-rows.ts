/**
 * Shared pieces of the budget SQL: locking a tenant's Budget rows, rolling their windows over,
 * and exact money conversion. Amounts travel as integer micro-USD (the columns are
 * DECIMAL(14,6), so micro-USD is exact): no float ever decides an admission.
 */
import { Prisma, type PrismaClient } from "./generated/client";

type Tx = Prisma.TransactionClient;

/** Budget transactions are short, but the first query plans of a process can be slow. */
const BUDGET_TX = { maxWait: 10_000, timeout: 15_000 } as const;

/** Runs `fn` in an interactive transaction with the budget timeouts. */
export function withBudgetTx<T>(db: PrismaClient, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(fn, BUDGET_TX);
}

/** Budget period. Windows are UTC calendar days and months. */
export type BudgetPeriod = "daily" | "monthly";

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

/** A numeric SQL literal for micro-USD, as USD. */
export function sqlUsd(micros: number): Prisma.Sql {
  return Prisma.sql`(${Math.round(micros)}::bigint::numeric / 1000000)`;
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
  limit_micros: bigint;
  soft: number;
  hardLimit: boolean;
  windowStart: Date;
  spent_micros: bigint;
  leased_micros: bigint;
};

const COLUMNS = Prisma.sql`"id"::text AS "id", "tenantId"::text AS "tenantId", "period"::text AS "period",
  ROUND("limitUsd" * 1000000)::bigint AS limit_micros, "softThreshold"::float8 AS soft, "hardLimit",
  "windowStart", ROUND("spentUsd" * 1000000)::bigint AS spent_micros,
  ROUND("leasedUsd" * 1000000)::bigint AS leased_micros`;

function toState(r: RawRow): BudgetRowState {
  return {
    id: r.id,
    tenantId: r.tenantId,
    period: r.period === "monthly" ? "monthly" : "daily",
    limitMicros: Number(r.limit_micros),
    softThreshold: Number(r.soft),
    hardLimit: r.hardLimit,
    windowStart: new Date(r.windowStart),
    spentMicros: Number(r.spent_micros),
    leasedMicros: Number(r.leased_micros),
  };
}

/**
 * Locks the Budget rows of `tenantIds` (FOR UPDATE, in tenant then period order, the one lock
 * order of every budget transaction: no deadlocks) and rolls stale windows over: spend and
 * leases of a past window no longer count. Leases taken in that window stop counting too (a
 * lease counts on a row only while `lease.windowStart >= row.windowStart`).
 */
export async function lockBudgetRows(
  tx: Tx,
  tenantIds: readonly string[],
  now: Date,
): Promise<BudgetRowState[]> {
  if (tenantIds.length === 0) return [];
  const ids = [...new Set(tenantIds)].sort();
  const raw = await tx.$queryRaw<RawRow[]>`
    SELECT ${COLUMNS} FROM "Budget"
    WHERE "tenantId" IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})
    ORDER BY "tenantId", "period" FOR UPDATE`;
  const rows = raw.map(toState);
  for (const row of rows) {
    const start = currentWindowStart(row.period, now);
    if (row.windowStart.getTime() < start.getTime()) {
      await tx.$executeRaw`UPDATE "Budget" SET "windowStart" = ${start}::timestamptz,
        "spentUsd" = 0, "leasedUsd" = 0, "updatedAt" = ${now}::timestamptz
        WHERE "id" = ${row.id}::uuid`;
      row.windowStart = start;
      row.spentMicros = 0;
      row.leasedMicros = 0;
    }
  }
  return rows;
}

/** Reads a tenant's budgets without locking, as they are in the window holding `now`. */
export async function readBudgetRows(
  db: Tx,
  tenantId: string,
  now: Date,
): Promise<BudgetRowState[]> {
  const raw = await db.$queryRaw<RawRow[]>`
    SELECT ${COLUMNS} FROM "Budget" WHERE "tenantId" = ${tenantId}::uuid ORDER BY "period"`;
  return raw.map((r) => {
    const row = toState(r);
    const start = currentWindowStart(row.period, now);
    if (row.windowStart.getTime() < start.getTime()) {
      return { ...row, windowStart: start, spentMicros: 0, leasedMicros: 0 };
    }
    return row;
  });
}

/** Adds deltas (micro-USD) to Budget rows in one statement; leased never goes below zero. */
export async function applyBudgetDeltas(
  tx: Tx,
  deltas: ReadonlyArray<{ id: string; spentMicros: number; leasedMicros: number }>,
  now: Date,
): Promise<void> {
  const changed = deltas.filter((d) => d.spentMicros !== 0 || d.leasedMicros !== 0);
  if (changed.length === 0) return;
  const values = changed.map(
    (d) => Prisma.sql`(${d.id}::uuid, ${Math.round(d.spentMicros)}::bigint,
      ${Math.round(d.leasedMicros)}::bigint)`,
  );
  await tx.$executeRaw`
    UPDATE "Budget" AS b SET
      "spentUsd" = b."spentUsd" + v.spent::numeric / 1000000,
      "leasedUsd" = GREATEST(0, b."leasedUsd" + v.leased::numeric / 1000000),
      "updatedAt" = ${now}::timestamptz
    FROM (VALUES ${Prisma.join(values)}) AS v(id, spent, leased)
    WHERE b."id" = v.id`;
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
