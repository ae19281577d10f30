/**
 * Quality metric declarations per route: what `POST /v1/feedback` accepts. Writes are audited and
 * bump the `routing` revision, so every gateway instance reloads them with its configuration.
 */
import { AppError } from "@/lib/errors";
import type { RouteMetric, RouteMetricInput } from "@/lib/schemas/route-metrics";
import { recordAudit, type AuditActor } from "./audit";
import { bumpConfigRevision } from "./config-revision";
import type { PrismaClient } from "./generated/client";

const SELECT = {
  id: true,
  name: true,
  type: true,
  min: true,
  max: true,
  categories: true,
  higherIsBetter: true,
  description: true,
  route: { select: { slug: true } },
} as const;

type Row = {
  id: string;
  name: string;
  type: RouteMetric["type"];
  min: number | null;
  max: number | null;
  categories: string[];
  higherIsBetter: boolean;
  description: string;
  route: { slug: string };
};

function toMetric(row: Row): RouteMetric {
  return {
    id: row.id,
    routeSlug: row.route.slug,
    name: row.name,
    type: row.type,
    min: row.min,
    max: row.max,
    categories: row.categories,
    higherIsBetter: row.higherIsBetter,
    description: row.description,
  };
}

async function routeIdOf(db: PrismaClient, slug: string): Promise<string> {
  const route = await db.route.findUnique({ where: { slug }, select: { id: true } });
  if (!route) throw new AppError("not_found", `No route "${slug}".`);
  return route.id;
}

/** A route's metrics by name (a route has a handful: bounded by the console). */
export async function listRouteMetrics(db: PrismaClient, slug: string): Promise<RouteMetric[]> {
  const routeId = await routeIdOf(db, slug);
  const rows = await db.routeMetric.findMany({
    where: { routeId },
    select: SELECT,
    orderBy: { name: "asc" },
    take: 200,
  });
  return rows.map(toMetric);
}

/** Every declared metric (the gateway's configuration load). */
export async function loadAllRouteMetrics(db: PrismaClient): Promise<RouteMetric[]> {
  const rows = await db.routeMetric.findMany({ select: SELECT });
  return rows.map(toMetric);
}

/**
 * Declares a metric on a route, or replaces the declaration of the same name. Changing a metric's
 * type keeps its stored feedback; its rollups then mix both meanings, so the console says so.
 */
export async function upsertRouteMetric(
  db: PrismaClient,
  actor: AuditActor,
  slug: string,
  input: RouteMetricInput,
): Promise<RouteMetric> {
  const routeId = await routeIdOf(db, slug);
  const data = {
    type: input.type,
    min: input.min,
    max: input.max,
    categories: input.categories,
    higherIsBetter: input.higherIsBetter,
    description: input.description,
  };
  const row = await db.$transaction(async (tx) => {
    const before = await tx.routeMetric.findUnique({
      where: { routeId_name: { routeId, name: input.name } },
      select: SELECT,
    });
    const saved = await tx.routeMetric.upsert({
      where: { routeId_name: { routeId, name: input.name } },
      create: { routeId, name: input.name, ...data },
      update: data,
      select: SELECT,
    });
    await recordAudit(tx, {
      actor,
      action: before ? "route_metric.update" : "route_metric.create",
      entityType: "route",
      entityId: slug,
      ...(before ? { before: toMetric(before) } : {}),
      after: toMetric(saved),
    });
    await bumpConfigRevision(tx, "routing");
    return saved;
  });
  return toMetric(row);
}

/** Removes a declaration (stored feedback and rollups stay; new feedback for it is refused). */
export async function deleteRouteMetric(
  db: PrismaClient,
  actor: AuditActor,
  slug: string,
  name: string,
): Promise<void> {
  const routeId = await routeIdOf(db, slug);
  await db.$transaction(async (tx) => {
    const before = await tx.routeMetric.findUnique({
      where: { routeId_name: { routeId, name } },
      select: SELECT,
    });
    if (!before) throw new AppError("not_found", `No metric "${name}" on route "${slug}".`);
    await tx.routeMetric.delete({ where: { id: before.id } });
    await recordAudit(tx, {
      actor,
      action: "route_metric.delete",
      entityType: "route",
      entityId: slug,
      before: toMetric(before),
    });
    await bumpConfigRevision(tx, "routing");
  });
}
