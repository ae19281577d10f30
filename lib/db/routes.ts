/** The Route aggregate as the console sees it: routes, their active version and traffic. */
import { AppError } from "@/lib/errors";
import { recordAudit, type AuditActor } from "./audit";
import { bumpConfigRevision } from "./config-revision";
import type { Prisma, PrismaClient } from "./generated/client";
import { rethrowConflict } from "./write-helpers";
import type { RouteDetail, RouteSummary } from "@/lib/schemas/console/routes";

const MAX_ROUTES = 500;

const routeSelect = {
  id: true,
  slug: true,
  description: true,
  baselineModelId: true,
  contentInspection: true,
  createdAt: true,
  updatedAt: true,
  activeVersion: {
    select: { id: true, version: true, comment: true, publishedAt: true, createdAt: true },
  },
} as const satisfies Prisma.RouteSelect;

type RouteRow = Prisma.RouteGetPayload<{ select: typeof routeSelect }>;

function toSummary(row: RouteRow, baseline: string | null, requests24h: number): RouteSummary {
  const v = row.activeVersion;
  return {
    id: row.id,
    slug: row.slug,
    description: row.description,
    baselineModelSlug: baseline,
    contentInspection: row.contentInspection,
    activeVersion: v
      ? {
          id: v.id,
          version: v.version,
          comment: v.comment,
          publishedAt: (v.publishedAt ?? v.createdAt).toISOString(),
        }
      : null,
    requests24h,
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function modelSlugs(db: PrismaClient, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.model.findMany({
    where: { id: { in: ids } },
    select: { id: true, slug: true },
  });
  return new Map(rows.map((r) => [r.id, r.slug]));
}

/** Requests per route over the last 24 hours, from the hourly rollups (never raw decisions). */
async function requestsLast24h(db: PrismaClient, now: Date): Promise<Map<string, number>> {
  const since = new Date(now.getTime() - 24 * 3_600_000);
  const rows = await db.decisionRollup.groupBy({
    by: ["routeSlug"],
    where: { granularity: "hour", bucketStart: { gte: since } },
    _sum: { requests: true },
  });
  return new Map(rows.map((r) => [r.routeSlug, r._sum.requests ?? 0]));
}

/** Every route (bounded) with its active version and last-24h traffic. */
export async function listRoutes(db: PrismaClient, now = new Date()): Promise<RouteSummary[]> {
  const [rows, traffic] = await Promise.all([
    db.route.findMany({ select: routeSelect, orderBy: { slug: "asc" }, take: MAX_ROUTES }),
    requestsLast24h(db, now),
  ]);
  const slugs = await modelSlugs(
    db,
    rows.flatMap((r) => (r.baselineModelId ? [r.baselineModelId] : [])),
  );
  return rows.map((r) =>
    toSummary(
      r,
      r.baselineModelId ? (slugs.get(r.baselineModelId) ?? null) : null,
      traffic.get(r.slug) ?? 0,
    ),
  );
}

export async function getRoute(db: PrismaClient, slug: string): Promise<RouteDetail> {
  const row = await db.route.findUnique({
    where: { slug },
    select: {
      ...routeSelect,
      activeVersion: { select: { ...routeSelect.activeVersion.select, document: true } },
    },
  });
  if (!row) throw new AppError("not_found", `No route "${slug}".`);
  const [slugs, traffic] = await Promise.all([
    modelSlugs(db, row.baselineModelId ? [row.baselineModelId] : []),
    requestsLast24h(db, new Date()),
  ]);
  const baseline = row.baselineModelId ? (slugs.get(row.baselineModelId) ?? null) : null;
  return {
    ...toSummary(row, baseline, traffic.get(row.slug) ?? 0),
    document: row.activeVersion?.document ?? null,
  };
}

export interface NewRoute {
  slug: string;
  description: string;
  baselineModelSlug: string | null;
  contentInspection: boolean;
  /** A validated policy document (stored as authored). */
  document: unknown;
  comment: string;
}

/** Creates a route with its first published policy version (v1), audited. */
export async function createRoute(
  db: PrismaClient,
  actor: AuditActor,
  input: NewRoute,
): Promise<RouteDetail> {
  try {
    await db.$transaction(async (tx) => {
      let baselineModelId: string | null = null;
      if (input.baselineModelSlug) {
        const m = await tx.model.findUnique({
          where: { slug: input.baselineModelSlug },
          select: { id: true },
        });
        if (!m)
          throw new AppError("validation_failed", "Unknown baseline model.", {
            details: [
              { path: "baselineModelSlug", message: `no model "${input.baselineModelSlug}"` },
            ],
          });
        baselineModelId = m.id;
      }
      const route = await tx.route.create({
        data: {
          slug: input.slug,
          description: input.description,
          baselineModelId,
          contentInspection: input.contentInspection,
        },
        select: { id: true },
      });
      const version = await tx.policyVersion.create({
        data: {
          routeId: route.id,
          version: 1,
          document: input.document as Prisma.InputJsonValue,
          comment: input.comment,
          createdById: actor.id,
          publishedAt: new Date(),
        },
        select: { id: true },
      });
      await tx.route.update({
        where: { id: route.id },
        data: { activeVersionId: version.id },
        select: { id: true },
      });
      await recordAudit(tx, {
        actor,
        action: "route.create",
        entityType: "route",
        entityId: input.slug,
        after: { ...input, activeVersion: 1 },
      });
      await bumpConfigRevision(tx, "routing");
    });
  } catch (error) {
    rethrowConflict(error, `A route named "${input.slug}" already exists.`);
  }
  return getRoute(db, input.slug);
}
