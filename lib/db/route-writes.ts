/**
 * Route settings edits and deletion (creation lives with the reads in ./routes.ts). Both bump the
 * `routing` revision so every gateway instance reloads within a second.
 *
 * Deletion is a hard delete: a route's policy versions go with it (cascade), while decisions and
 * rollups keep their own copy of the route slug and version number and have no foreign key to
 * routes, so they stay readable. The audit entry keeps the route's settings and active policy
 * document, so a deleted route can be re-created from the audit log.
 */
import { AppError } from "@/lib/errors";
import type { UpdateRouteInput } from "@/lib/schemas/console/routes";
import { recordAudit, type AuditActor } from "./audit";
import { bumpConfigRevision } from "./config-revision";
import type { Prisma, PrismaClient } from "./generated/client";
import type { RouteDetail } from "@/lib/schemas/console/routes";
import { getRoute } from "./routes";

type Tx = Prisma.TransactionClient;

async function baselineId(tx: Tx, slug: string | null): Promise<string | null> {
  if (slug === null) return null;
  const m = await tx.model.findUnique({ where: { slug }, select: { id: true } });
  if (!m)
    throw new AppError("validation_failed", "Unknown baseline model.", {
      details: [{ path: "baselineModelSlug", message: `No model "${slug}".` }],
    });
  return m.id;
}

async function lockRoute(tx: Tx, slug: string) {
  // FOR UPDATE: a concurrent edit or delete of the same route waits for this one.
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text AS id FROM "Route" WHERE slug = ${slug} FOR UPDATE`;
  const id = rows[0]?.id;
  if (!id) throw new AppError("not_found", `No route "${slug}".`);
  const row = await tx.route.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      slug: true,
      description: true,
      contentInspection: true,
      baselineModelId: true,
      activeVersion: { select: { version: true, document: true } },
    },
  });
  const baseline = row.baselineModelId
    ? await tx.model.findUnique({ where: { id: row.baselineModelId }, select: { slug: true } })
    : null;
  return { ...row, baselineModelSlug: baseline?.slug ?? null };
}

/** Changes a route's description, baseline model or content inspection (audited). */
export async function updateRoute(
  db: PrismaClient,
  actor: AuditActor,
  slug: string,
  input: UpdateRouteInput,
): Promise<RouteDetail> {
  await db.$transaction(async (tx) => {
    const before = await lockRoute(tx, slug);
    const data: Prisma.RouteUpdateInput = {};
    if (input.description !== undefined) data.description = input.description;
    if (input.contentInspection !== undefined) data.contentInspection = input.contentInspection;
    if (input.baselineModelSlug !== undefined)
      data.baselineModelId = await baselineId(tx, input.baselineModelSlug);
    await tx.route.update({ where: { id: before.id }, data, select: { id: true } });
    const settings = (r: typeof before) => ({
      description: r.description,
      baselineModelSlug: r.baselineModelSlug,
      contentInspection: r.contentInspection,
    });
    await recordAudit(tx, {
      actor,
      action: "route.update",
      entityType: "route",
      entityId: slug,
      before: settings(before),
      after: { ...settings(before), ...input },
    });
    await bumpConfigRevision(tx, "routing");
  });
  return getRoute(db, slug);
}

/**
 * Deletes a route and its policy versions. Refused (409) while the rollback toggle sends all
 * traffic to it, and for the last route (clients would have nothing to call).
 */
export async function deleteRoute(db: PrismaClient, actor: AuditActor, slug: string) {
  await db.$transaction(async (tx) => {
    // The advisory lock serializes deletions (two at once could otherwise remove the last two
    // routes); the route row lock makes a concurrent rollback enable (which share-locks its
    // route, lib/db/rollback.ts) either finish first, so we see it, or find no route.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('switchboard.route.delete'))`;
    const route = await lockRoute(tx, slug);
    const toggle = await tx.$queryRaw<Array<{ enabled: boolean; routeSlug: string | null }>>`
      SELECT enabled, "routeSlug" FROM "RollbackToggle" WHERE id = 'global' FOR UPDATE`;
    if (toggle[0]?.enabled && toggle[0].routeSlug === slug)
      throw new AppError(
        "conflict",
        `"${slug}" is the active rollback route: turn the rollback off or point it at another route first.`,
      );
    if ((await tx.route.count()) <= 1)
      throw new AppError("conflict", `"${slug}" is the only route: create another one first.`);
    await tx.route.delete({ where: { id: route.id }, select: { id: true } });
    await recordAudit(tx, {
      actor,
      action: "route.delete",
      entityType: "route",
      entityId: slug,
      before: {
        description: route.description,
        baselineModelSlug: route.baselineModelSlug,
        contentInspection: route.contentInspection,
        activeVersion: route.activeVersion?.version ?? null,
        document: route.activeVersion?.document ?? null,
      },
    });
    await bumpConfigRevision(tx, "routing");
  });
}
