import type { PrismaClient } from "@/lib/db/engine/client";
import { upsertTenantBudget } from "@/lib/db/budgets";
import { uniqueSuffix } from "../../support/db";
import type { BudgetPeriod } from "@/lib/vocabulary";

/** A fresh tenant (tests never assume an empty database). */
export async function createTenant(db: PrismaClient): Promise<string> {
  const slug = `budget-${uniqueSuffix()}`;
  const tenant = await db.tenant.create({ data: { slug, name: slug }, select: { id: true } });
  return tenant.id;
}

/** A tenant with one budget per entry. */
export async function createBudgetedTenant(
  db: PrismaClient,
  now: Date,
  budgets: Array<{ period: BudgetPeriod; limitUsd: number; hardLimit?: boolean; soft?: number }>,
): Promise<string> {
  const tenantId = await createTenant(db);
  for (const b of budgets) {
    await upsertTenantBudget(db, {
      tenantId,
      period: b.period,
      limitUsd: b.limitUsd,
      hardLimit: b.hardLimit ?? true,
      softThreshold: b.soft ?? 0.8,
      windowStart: now,
    });
  }
  return tenantId;
}

/** The tenant's Budget rows as plain numbers. */
export async function readBudgets(db: PrismaClient, tenantId: string) {
  const rows = await db.budget.findMany({ where: { tenantId }, orderBy: { period: "asc" } });
  return rows.map((r) => ({
    period: r.period,
    spent: r.spentUsd.toNumber(),
    leased: r.leasedUsd.toNumber(),
    windowStart: r.windowStart,
  }));
}

/** A settable clock. */
export function createTestClock(start: number): {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
} {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
}
