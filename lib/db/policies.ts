/** Policy versions: immutable documents; publish and revert move `Route.activeVersionId`. */
import { AppError } from "@/lib/errors";
import { recordAudit, type AuditActor } from "./audit";
import { bumpConfigRevision } from "./config-revision";
import type { Prisma, PrismaClient } from "./generated/client";
import { rethrowConflict } from "./write-helpers";
import type { PolicyVersionDetail, PolicyVersionSummary } from "@/lib/schemas/console/routes";

const versionSelect = {
  id: true,
  version: true,
  comment: true,
  createdAt: true,
  publishedAt: true,
  createdBy: { select: { email: true } },
} as const satisfies Prisma.PolicyVersionSelect;

type VersionRow = Prisma.PolicyVersionGetPayload<{ select: typeof versionSelect }>;

function toSummary(row: VersionRow, activeId: string | null): PolicyVersionSummary {
  return {
    id: row.id,
    version: row.version,
    comment: row.comment,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy?.email ?? null,
    active: row.id === activeId,
  };
}

async function findRoute(db: Prisma.TransactionClient | PrismaClient, slug: string) {
  const route = await db.route.findUnique({
    where: { slug },
    select: { id: true, slug: true, activeVersionId: true },
  });
  if (!route) throw new AppError("not_found", `No route "${slug}".`);
  return route;
}

/** Newest first, cursor-paginated by version number. */
export async function listPolicyVersions(
  db: PrismaClient,
  routeSlug: string,
  opts: { cursor?: number | null; limit?: number } = {},
): Promise<{ versions: PolicyVersionSummary[]; nextCursor: number | null }> {
  const route = await findRoute(db, routeSlug);
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const rows = await db.policyVersion.findMany({
    where: { routeId: route.id, ...(opts.cursor ? { version: { lt: opts.cursor } } : {}) },
    orderBy: { version: "desc" },
    take: limit + 1,
    select: versionSelect,
  });
  const page = rows.slice(0, limit);
  return {
    versions: page.map((r) => toSummary(r, route.activeVersionId)),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.version ?? null) : null,
  };
}

export async function getPolicyVersion(db: PrismaClient, id: string): Promise<PolicyVersionDetail> {
  const row = await db.policyVersion.findUnique({
    where: { id },
    select: {
      ...versionSelect,
      document: true,
      route: { select: { slug: true, activeVersionId: true } },
    },
  });
  if (!row) throw new AppError("not_found", "No such policy version.");
  return {
    ...toSummary(row, row.route.activeVersionId),
    routeSlug: row.route.slug,
    document: row.document,
  };
}

/** Creates the next immutable version from a validated document and makes it active. */
export async function publishPolicy(
  db: PrismaClient,
  actor: AuditActor,
  routeSlug: string,
  input: { document: unknown; comment: string; baseVersionId?: string | null },
): Promise<PolicyVersionSummary> {
  try {
    return await db.$transaction(async (tx) => {
      const route = await findRoute(tx, routeSlug);
      if (input.baseVersionId !== undefined && input.baseVersionId !== route.activeVersionId)
        throw new AppError(
          "conflict",
          "Someone published or reverted this route since you opened the editor; reload and reapply your change.",
        );
      const [last, previous] = await Promise.all([
        tx.policyVersion.findFirst({
          where: { routeId: route.id },
          orderBy: { version: "desc" },
          select: { version: true },
        }),
        route.activeVersionId
          ? tx.policyVersion.findUnique({
              where: { id: route.activeVersionId },
              select: { id: true, version: true, document: true },
            })
          : null,
      ]);
      const created = await tx.policyVersion.create({
        data: {
          routeId: route.id,
          version: (last?.version ?? 0) + 1,
          document: input.document as Prisma.InputJsonValue,
          comment: input.comment,
          createdById: actor.id,
          publishedAt: new Date(),
        },
        select: versionSelect,
      });
      await tx.route.update({
        where: { id: route.id },
        data: { activeVersionId: created.id },
        select: { id: true },
      });
      await recordAudit(tx, {
        actor,
        action: "policy.publish",
        entityType: "route",
        entityId: route.slug,
        before: previous ?? undefined,
        after: {
          id: created.id,
          version: created.version,
          comment: input.comment,
          document: input.document as Prisma.InputJsonValue,
        },
      });
      await bumpConfigRevision(tx, "routing");
      return toSummary(created, created.id);
    });
  } catch (error) {
    rethrowConflict(error, "Another version was published at the same moment; try again.");
  }
}

/** Makes an existing version of the route active again (moves the pointer; audited). */
export async function revertPolicy(
  db: PrismaClient,
  actor: AuditActor,
  routeSlug: string,
  input: { versionId: string; comment: string },
): Promise<PolicyVersionSummary> {
  return db.$transaction(async (tx) => {
    const route = await findRoute(tx, routeSlug);
    const target = await tx.policyVersion.findFirst({
      where: { id: input.versionId, routeId: route.id },
      select: versionSelect,
    });
    if (!target) throw new AppError("not_found", "That version does not belong to this route.");
    if (target.id === route.activeVersionId)
      throw new AppError("conflict", `Version ${target.version} is already active.`);
    const previous = route.activeVersionId
      ? await tx.policyVersion.findUnique({
          where: { id: route.activeVersionId },
          select: { id: true, version: true },
        })
      : null;
    await tx.route.update({
      where: { id: route.id },
      data: { activeVersionId: target.id },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      action: "policy.revert",
      entityType: "route",
      entityId: route.slug,
      before: previous ? { activeVersion: previous.version, versionId: previous.id } : undefined,
      after: { activeVersion: target.version, versionId: target.id, comment: input.comment },
    });
    await bumpConfigRevision(tx, "routing");
    return toSummary(target, target.id);
  });
}
