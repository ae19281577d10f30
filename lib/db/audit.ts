import type { Prisma, PrismaClient } from "./generated/client";

type Db = PrismaClient | Prisma.TransactionClient;

export interface AuditActor {
  id: string | null;
  email: string;
}

export interface AuditEntryInput {
  actor: AuditActor;
  /** Verb-first, e.g. `policy.publish`, `model.update`, `rollback.enable`. */
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Strips fields that must never reach the audit log (credentials, hashes). */
function redact(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(
    JSON.stringify(value, (k, v: unknown) =>
      /credential|password|hash|secret|apiKey/i.test(k)
        ? v == null
          ? v
          : "[redacted]"
        : typeof v === "bigint"
          ? v.toString()
          : v,
    ),
  ) as Prisma.InputJsonValue;
}

/** Appends one audit entry; call it inside the transaction of the change it records. */
export async function recordAudit(db: Db, entry: AuditEntryInput): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: entry.actor.id,
      actorEmail: entry.actor.email,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: redact(entry.before),
      after: redact(entry.after),
    },
    select: { id: true },
  });
}

export interface AuditPage {
  entries: Array<{
    id: string;
    at: Date;
    actorEmail: string;
    action: string;
    entityType: string;
    entityId: string;
    before: unknown;
    after: unknown;
  }>;
  nextCursor: string | null;
}

/** Newest first, cursor-paginated by id. */
export async function listAudit(
  db: Db,
  opts: { cursor?: string | null; limit?: number; entityType?: string } = {},
): Promise<AuditPage> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const rows = await db.auditLog.findMany({
    where: {
      ...(opts.entityType ? { entityType: opts.entityType } : {}),
      ...(opts.cursor ? { id: { lt: BigInt(opts.cursor) } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    entries: page.map((r) => ({
      id: r.id.toString(),
      at: r.at,
      actorEmail: r.actorEmail,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: r.before,
      after: r.after,
    })),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id.toString() ?? null) : null,
  };
}
