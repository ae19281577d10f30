/**
 * Operator administration (admin only): list, create, change role, disable. The last active
 * admin can be neither demoted nor disabled: the check runs inside the transaction with the
 * admin rows locked, so two admins demoting each other at once cannot both succeed.
 */
import bcrypt from "bcryptjs";
import { AppError } from "@/lib/errors";
import type {
  OperatorCreateInput,
  OperatorUpdateInput,
  OperatorView,
} from "@/lib/schemas/console/operators";
import type { OperatorSortKey, SortedPageOptions } from "@/lib/schemas/console/list-query";
import { recordAudit, type AuditActor } from "./audit";
import { Prisma, type PrismaClient } from "./generated/client";
import { clampLimit, decodeSortedKeyset, encodeSortedKeyset } from "./keyset";

/** bcrypt cost; the sign-in check reads the cost from the hash itself. */
export const PASSWORD_HASH_COST = 10;

const operatorSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  lastLoginAt: true,
  createdAt: true,
} as const satisfies Prisma.OperatorSelect;

type OperatorRow = Prisma.OperatorGetPayload<{ select: typeof operatorSelect }>;

function toView(o: OperatorRow): OperatorView {
  return {
    ...o,
    lastLoginAt: o.lastLoginAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
  };
}

/**
 * Operators by email (unique, so the key alone), ascending or descending, keyset-paginated,
 * optionally filtered by email or name. The cursor carries the order (lib/db/keyset.ts).
 */
export async function listOperators(
  db: PrismaClient,
  opts: SortedPageOptions<OperatorSortKey> = {},
): Promise<{ operators: OperatorView[]; nextCursor: string | null }> {
  const limit = clampLimit(opts.limit);
  const sort = opts.sort ?? { key: "email", dir: "asc" };
  const and: Prisma.OperatorWhereInput[] = [];
  if (opts.q)
    and.push({
      OR: [
        { email: { contains: opts.q, mode: "insensitive" } },
        { name: { contains: opts.q, mode: "insensitive" } },
      ],
    });
  const after = decodeSortedKeyset(opts.cursor, sort);
  if (after) and.push({ email: { [sort.dir === "asc" ? "gt" : "lt"]: after.value } });
  const rows = await db.operator.findMany({
    where: { AND: and },
    select: operatorSelect,
    orderBy: { email: sort.dir },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    operators: page.map(toView),
    nextCursor: rows.length > limit && last ? encodeSortedKeyset(sort, last.email, last.id) : null,
  };
}

export async function createOperator(
  db: PrismaClient,
  actor: AuditActor,
  input: OperatorCreateInput,
): Promise<OperatorView> {
  const passwordHash = await bcrypt.hash(input.password, PASSWORD_HASH_COST);
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.operator.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash },
        select: operatorSelect,
      });
      const view = toView(row);
      await recordAudit(tx, {
        actor,
        action: "operator.create",
        entityType: "operator",
        entityId: row.id,
        after: view,
      });
      return view;
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")
      throw new AppError("conflict", `An operator with email ${input.email} exists.`, {
        details: [{ path: "email", message: "This email is taken." }],
      });
    throw err;
  }
}

export async function updateOperator(
  db: PrismaClient,
  actor: AuditActor,
  id: string,
  input: OperatorUpdateInput,
): Promise<OperatorView> {
  return db.$transaction(async (tx) => {
    // Lock the active admins first (same order for every writer), then the target.
    const admins = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM "Operator" WHERE role = 'admin' AND disabled = false
      ORDER BY id FOR UPDATE`;
    const before = await tx.operator.findUnique({ where: { id }, select: operatorSelect });
    if (!before) throw new AppError("not_found", "No such operator.");
    const nextRole = input.role ?? before.role;
    const nextDisabled = input.disabled ?? before.disabled;
    const staysAdmin = nextRole === "admin" && !nextDisabled;
    const remaining = admins.filter((a) => a.id !== id).length + (staysAdmin ? 1 : 0);
    if (remaining === 0) {
      const path = input.role !== undefined && input.role !== "admin" ? "role" : "disabled";
      throw new AppError("conflict", "This would leave no active admin: promote another first.", {
        details: [{ path, message: "The last active admin must stay an active admin." }],
      });
    }
    const row = await tx.operator.update({ where: { id }, data: input, select: operatorSelect });
    const view = toView(row);
    await recordAudit(tx, {
      actor,
      action: "operator.update",
      entityType: "operator",
      entityId: id,
      before: toView(before),
      after: view,
    });
    return view;
  });
}
