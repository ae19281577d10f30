/**
 * Tenant and budget administration for the console. Every write runs in one transaction with its
 * audit entry and a `tenants` (budgets: `budgets`) config revision bump (gateway caches reload
 * within a second). A budget's spent is the tenant's spend in the window from the ledger
 * (budget-spend.ts), the same figure the gateway enforces.
 */
import { AppError } from "@/lib/errors";
import type {
  BudgetPeriod,
  BudgetUpsertInput,
  BudgetView,
  TenantCreateInput,
  TenantUpdateInput,
  TenantView,
} from "@/lib/schemas/console/tenants";
import type { TenantSortKey, SortedPageOptions } from "@/lib/schemas/console/list-query";
import type { AuditActor } from "./audit";
import { recordAudit } from "./audit";
import { currentWindowStart } from "./budgets";
import { readWindowSpendOf, spendOf, type WindowSpend } from "./budget-spend";
import { bumpConfigRevision } from "./config-revision";
import { Prisma, type PrismaClient } from "./generated/client";
import { clampLimit, decodeSortedKeyset, encodeSortedKeyset } from "./keyset";

const tenantSelect = {
  id: true,
  slug: true,
  name: true,
  modelAllowlist: true,
  allowDirectModels: true,
  captureContent: true,
  isDemo: true,
  createdAt: true,
  updatedAt: true,
  budgets: { orderBy: { period: "asc" } },
  _count: { select: { apiKeys: { where: { revokedAt: null } } } },
} as const satisfies Prisma.TenantSelect;

type TenantRow = Prisma.TenantGetPayload<{ select: typeof tenantSelect }>;
type BudgetRow = TenantRow["budgets"][number];

/**
 * A budget as of `now`: spent is the tenant's ledger spend in the window holding `now` (`spend`;
 * without it, the row's mirror of it), and a lease of a rolled window no longer counts.
 */
function toBudgetView(b: BudgetRow, now: Date = new Date(), spend?: WindowSpend): BudgetView {
  const windowStart = currentWindowStart(b.period, now);
  const stale = b.windowStart.getTime() < windowStart.getTime();
  const mirrored = stale ? 0 : b.spentUsd.toNumber();
  return {
    id: b.id,
    period: b.period,
    limitUsd: b.limitUsd.toNumber(),
    softThreshold: b.softThreshold.toNumber(),
    hardLimit: b.hardLimit,
    windowStart: (stale ? windowStart : b.windowStart).toISOString(),
    spentUsd: spend === undefined ? mirrored : spendOf(spend, b.period) / 1_000_000,
    leasedUsd: stale ? 0 : b.leasedUsd.toNumber(),
  };
}

/** The views of `rows` with their budgets' spend read from the ledger in one query. */
async function toTenantViews(db: PrismaClient, rows: TenantRow[]): Promise<TenantView[]> {
  const now = new Date();
  const budgeted = rows.filter((t) => t.budgets.length > 0).map((t) => t.id);
  const spend = await readWindowSpendOf(db, budgeted, now);
  return rows.map((t) => toTenantView(t, now, spend.get(t.id) ?? ZERO_SPEND));
}

const ZERO_SPEND: WindowSpend = { dailyMicros: 0, monthlyMicros: 0 };

function toTenantView(t: TenantRow, now: Date = new Date(), spend?: WindowSpend): TenantView {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    modelAllowlist: t.modelAllowlist,
    allowDirectModels: t.allowDirectModels,
    captureContent: t.captureContent,
    isDemo: t.isDemo,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    activeKeys: t._count.apiKeys,
    budgets: t.budgets.map((b) => toBudgetView(b, now, spend)),
  };
}

export interface TenantPage {
  tenants: TenantView[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Tenants in `sort` order (default name ascending, then id), keyset-paginated, optionally
 * filtered by name or slug. Name pages by `(name, id)` on its index; slug is unique, so it alone
 * is the key. The cursor carries the order (lib/db/keyset.ts).
 */
export async function listTenants(
  db: PrismaClient,
  opts: SortedPageOptions<TenantSortKey> = {},
): Promise<TenantPage> {
  const limit = clampLimit(opts.limit);
  const sort = opts.sort ?? { key: "name", dir: "asc" };
  const op = sort.dir === "asc" ? "gt" : "lt";
  const and: Prisma.TenantWhereInput[] = [];
  if (opts.q)
    and.push({
      OR: [
        { name: { contains: opts.q, mode: "insensitive" } },
        { slug: { contains: opts.q, mode: "insensitive" } },
      ],
    });
  const after = decodeSortedKeyset(opts.cursor, sort);
  if (after && sort.key === "slug") and.push({ slug: { [op]: after.value } });
  else if (after)
    and.push({
      OR: [{ name: { [op]: after.value } }, { name: after.value, id: { [op]: after.id } }],
    });
  const rows = await db.tenant.findMany({
    where: { AND: and },
    select: tenantSelect,
    orderBy: sort.key === "slug" ? [{ slug: sort.dir }] : [{ name: sort.dir }, { id: sort.dir }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    tenants: await toTenantViews(db, page),
    nextCursor:
      rows.length > limit && last ? encodeSortedKeyset(sort, last[sort.key], last.id) : null,
  };
}

export async function getTenant(db: PrismaClient, id: string): Promise<TenantView> {
  const row = await db.tenant.findUnique({ where: { id }, select: tenantSelect });
  if (!row) throw new AppError("not_found", "No such tenant.");
  const [view] = await toTenantViews(db, [row]);
  if (!view) throw new AppError("not_found", "No such tenant.");
  return view;
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

export async function createTenant(
  db: PrismaClient,
  actor: AuditActor,
  input: TenantCreateInput,
): Promise<TenantView> {
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.tenant.create({ data: input, select: tenantSelect });
      const view = toTenantView(row);
      await recordAudit(tx, {
        actor,
        action: "tenant.create",
        entityType: "tenant",
        entityId: row.id,
        after: view,
      });
      await bumpConfigRevision(tx, "tenants");
      return view;
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError("conflict", `A tenant with slug "${input.slug}" exists.`, {
        details: [{ path: "slug", message: "This slug is taken." }],
      });
    throw err;
  }
}

export async function updateTenant(
  db: PrismaClient,
  actor: AuditActor,
  id: string,
  input: TenantUpdateInput,
): Promise<TenantView> {
  return db
    .$transaction(async (tx) => {
      const before = await tx.tenant.findUnique({ where: { id }, select: tenantSelect });
      if (!before) throw new AppError("not_found", "No such tenant.");
      const row = await tx.tenant.update({ where: { id }, data: input, select: tenantSelect });
      const view = toTenantView(row);
      await recordAudit(tx, {
        actor,
        action: "tenant.update",
        entityType: "tenant",
        entityId: id,
        before: toTenantView(before),
        after: view,
      });
      await bumpConfigRevision(tx, "tenants");
      return row;
    })
    .then(async (row) => (await toTenantViews(db, [row]))[0] ?? toTenantView(row));
}

/**
 * Creates or changes the tenant's budget for a period. Its spent is always the tenant's spend in
 * the window (the ledger), whenever the budget was created, raised, lowered or re-created.
 */
export async function upsertBudget(
  db: PrismaClient,
  actor: AuditActor,
  tenantId: string,
  period: BudgetPeriod,
  input: BudgetUpsertInput,
  now: Date = new Date(),
): Promise<BudgetView> {
  const row = await db.$transaction(async (tx) => {
    const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
    if (!tenant) throw new AppError("not_found", "No such tenant.");
    const key = { tenantId_period: { tenantId, period } };
    const before = await tx.budget.findUnique({ where: key });
    const data = {
      limitUsd: input.limitUsd.toFixed(6),
      softThreshold: input.softThreshold.toFixed(3),
      hardLimit: input.hardLimit,
    };
    const row = await tx.budget.upsert({
      where: key,
      create: { tenantId, period, windowStart: currentWindowStart(period, now), ...data },
      update: data,
    });
    const view = toBudgetView(row, now);
    await recordAudit(tx, {
      actor,
      action: before ? "budget.update" : "budget.create",
      entityType: "tenant",
      entityId: tenantId,
      before: before ? toBudgetView(before) : undefined,
      after: view,
    });
    await bumpConfigRevision(tx, "budgets");
    return row;
  });
  const spend = await readWindowSpendOf(db, [tenantId], now);
  return toBudgetView(row, now, spend.get(tenantId) ?? ZERO_SPEND);
}

export async function deleteBudget(
  db: PrismaClient,
  actor: AuditActor,
  tenantId: string,
  period: BudgetPeriod,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const key = { tenantId_period: { tenantId, period } };
    const before = await tx.budget.findUnique({ where: key });
    if (!before) throw new AppError("not_found", `This tenant has no ${period} budget.`);
    await tx.budget.delete({ where: key });
    await recordAudit(tx, {
      actor,
      action: "budget.delete",
      entityType: "tenant",
      entityId: tenantId,
      before: toBudgetView(before),
    });
    await bumpConfigRevision(tx, "budgets");
  });
}

/** A tenant's display name (for decision detail), or null. */
export async function findTenantName(db: PrismaClient, id: string): Promise<string | null> {
  const row = await db.tenant.findUnique({ where: { id }, select: { name: true } });
  return row?.name ?? null;
}
