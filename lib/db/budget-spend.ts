/**
 * The spend ledger (`TenantSpend`): every request's actual cost per tenant and UTC day, whether
 * or not the tenant has a budget. The settler writes it (idempotent by request id: only requests
 * whose `BudgetSettlement` row is new are added), so a budget created, raised, lowered or deleted
 * at any point of its window counts the window's real spend: daily = the day's row, monthly = the
 * sum of the month's rows. Amounts are integer micro-USD, like the rest of the budget SQL.
 */
import type { PrismaClient } from "./generated/client";
import { sqlInt, sqlQuery, type SqlQuery } from "./engine/raw-sql";
import type { BudgetPeriod } from "@/lib/vocabulary";

const DAY_MS = 86_400_000;

/** UTC midnight of the day holding `ms`. */
export function dayStartMs(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Spend of one tenant in the windows holding `now`, micro-USD. */
export interface WindowSpend {
  dailyMicros: number;
  monthlyMicros: number;
}

const NO_SPEND: WindowSpend = { dailyMicros: 0, monthlyMicros: 0 };

/** Spend in a window of `period`, from a `readWindowSpend` entry (0 when absent). */
export function spendOf(spend: WindowSpend | undefined, period: BudgetPeriod): number {
  const s = spend ?? NO_SPEND;
  return period === "daily" ? s.dailyMicros : s.monthlyMicros;
}

const READ_SPEND = `
  SELECT "tenantId"::text AS "tenantId",
    ROUND(COALESCE(SUM("spentUsd") FILTER (WHERE "day" >= $2::timestamptz), 0) * 1000000)::bigint
      AS day_micros,
    ROUND(COALESCE(SUM("spentUsd"), 0) * 1000000)::bigint AS month_micros
  FROM "TenantSpend"
  WHERE "tenantId" = ANY($1::uuid[]) AND "day" >= $3::timestamptz
  GROUP BY "tenantId"`;

/** The tenants' spend in the day and month holding `now` (tenants without spend are absent). */
export async function readWindowSpend(
  query: SqlQuery,
  tenantIds: readonly string[],
  now: Date,
): Promise<Map<string, WindowSpend>> {
  const out = new Map<string, WindowSpend>();
  if (tenantIds.length === 0) return out;
  const day = new Date(dayStartMs(now.getTime()));
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const rows = await query<{ tenantId: string; day_micros: unknown; month_micros: unknown }>(
    READ_SPEND,
    [[...new Set(tenantIds)], day, month],
  );
  for (const r of rows) {
    out.set(r.tenantId, {
      dailyMicros: sqlInt(r.day_micros),
      monthlyMicros: sqlInt(r.month_micros),
    });
  }
  return out;
}

/** `readWindowSpend` outside a transaction (console, refreshes). */
export function readWindowSpendOf(
  db: PrismaClient,
  tenantIds: readonly string[],
  now: Date,
): Promise<Map<string, WindowSpend>> {
  return readWindowSpend((text, params) => sqlQuery(db, text, params), tenantIds, now);
}

// In (tenant, day) order, the one lock order of ledger rows; a tenant deleted meanwhile is skipped.
const ADD_SPEND = `
  INSERT INTO "TenantSpend" ("tenantId", "day", "spentUsd", "updatedAt")
  SELECT v.tenant, v.day, v.micros::numeric / 1000000, $4::timestamptz
  FROM unnest($1::uuid[], $2::timestamptz[], $3::bigint[]) AS v(tenant, day, micros)
  WHERE EXISTS (SELECT 1 FROM "Tenant" t WHERE t."id" = v.tenant)
  ORDER BY v.tenant, v.day
  ON CONFLICT ("tenantId", "day") DO UPDATE
    SET "spentUsd" = "TenantSpend"."spentUsd" + EXCLUDED."spentUsd", "updatedAt" = $4::timestamptz`;

/** Adds spend (micro-USD) to the ledger, summed per tenant and day, in one statement. */
export async function addTenantSpend(
  query: SqlQuery,
  entries: ReadonlyArray<{ tenantId: string; dayMs: number; micros: number }>,
  now: Date,
): Promise<void> {
  const sums = new Map<string, { tenantId: string; dayMs: number; micros: number }>();
  for (const e of entries) {
    if (e.micros <= 0) continue;
    const key = `${e.tenantId}|${e.dayMs}`;
    const s = sums.get(key) ?? { tenantId: e.tenantId, dayMs: e.dayMs, micros: 0 };
    s.micros += Math.round(e.micros);
    sums.set(key, s);
  }
  if (sums.size === 0) return;
  const list = [...sums.values()].sort((a, b) =>
    a.tenantId === b.tenantId ? a.dayMs - b.dayMs : a.tenantId < b.tenantId ? -1 : 1,
  );
  await query(ADD_SPEND, [
    list.map((s) => s.tenantId),
    list.map((s) => new Date(s.dayMs)),
    list.map((s) => s.micros),
    now,
  ]);
}

const LOCK_DAY = `
  INSERT INTO "TenantSpend" ("tenantId", "day", "spentUsd", "updatedAt")
  VALUES ($1::uuid, $2::timestamptz, 0, $2::timestamptz)
  ON CONFLICT ("tenantId", "day") DO UPDATE SET "spentUsd" = "TenantSpend"."spentUsd"`;

/**
 * Locks the tenant's ledger row of today (creating it): a settlement of the tenant that began
 * before its budget existed (so it holds no Budget row lock) commits before the caller reads the
 * spend, and none can start until the caller commits.
 */
export async function lockTodaySpend(query: SqlQuery, tenantId: string, now: Date): Promise<void> {
  await query(LOCK_DAY, [tenantId, new Date(dayStartMs(now.getTime()))]);
}

const SET_DAY = `
  INSERT INTO "TenantSpend" ("tenantId", "day", "spentUsd", "updatedAt")
  VALUES ($1::uuid, $2::timestamptz, $3::bigint::numeric / 1000000, $2::timestamptz)
  ON CONFLICT ("tenantId", "day") DO UPDATE SET "spentUsd" = EXCLUDED."spentUsd"`;

/**
 * Makes the ledger show `micros` spent in the window of `period` starting at `windowStart` (seed
 * scenarios that state a spend without its decisions): daily sets that day's row; monthly puts
 * what the month's other days lack on its first day (never lowering it: on the 1st, the daily
 * scenario shares that row).
 */
export async function setWindowSpendForScenario(
  db: PrismaClient,
  tenantId: string,
  period: BudgetPeriod,
  micros: number,
  windowStart: Date,
): Promise<void> {
  const query: SqlQuery = (text, params) => sqlQuery(db, text, params);
  const wanted = Math.max(0, Math.round(micros));
  const first = dayStartMs(windowStart.getTime());
  if (period === "daily") {
    await query(SET_DAY, [tenantId, new Date(first), wanted]);
    return;
  }
  const start = new Date(Date.UTC(windowStart.getUTCFullYear(), windowStart.getUTCMonth(), 1));
  const end = new Date(Date.UTC(windowStart.getUTCFullYear(), windowStart.getUTCMonth() + 1, 1));
  const [row] = await query<{ others: unknown; first: unknown }>(
    `SELECT ROUND(COALESCE(SUM("spentUsd") FILTER (WHERE "day" <> $2::timestamptz), 0) * 1000000)::bigint AS others,
       ROUND(COALESCE(SUM("spentUsd") FILTER (WHERE "day" = $2::timestamptz), 0) * 1000000)::bigint AS first
     FROM "TenantSpend" WHERE "tenantId" = $1::uuid AND "day" >= $2::timestamptz AND "day" < $3::timestamptz`,
    [tenantId, start, end],
  );
  const others = row === undefined ? 0 : sqlInt(row.others);
  const current = row === undefined ? 0 : sqlInt(row.first);
  await query(SET_DAY, [tenantId, start, Math.max(current, wanted - others)]);
}

const PRUNE_SPEND = `DELETE FROM "TenantSpend" WHERE "day" < $1::timestamptz`;

/** Deletes ledger days before `before` (no open window reaches them). */
export async function pruneTenantSpend(db: PrismaClient, before: Date): Promise<void> {
  await sqlQuery(db, PRUNE_SPEND, [before]);
}
