/**
 * Labelled examples and scorer versions of a route (issue 15). An upload is stored whole as one
 * import; a training run reads every import of the route and writes an immutable, numbered scorer
 * version. Writes are audited; neither bumps the routing revision: a version changes routing only
 * through a published policy that names it, and publishing bumps it.
 */
import { AppError } from "@/lib/errors";
import type { LabelledExample } from "@/lib/schemas/labelled-examples";
import {
  ScorerEvaluationSchema,
  ScorerTrainingSchema,
  type LabelledExamplesSummary,
  type ScorerVersionSummary,
} from "@/lib/schemas/scorers";
import { recordAudit, type AuditActor } from "./audit";
import type { Prisma, PrismaClient } from "./generated/client";
import { rethrowConflict } from "./write-helpers";

/** A route keeps at most this many examples: training reads them all in one go. */
export const MAX_ROUTE_EXAMPLES = 50_000;

async function routeIdOf(db: PrismaClient, slug: string): Promise<string> {
  const route = await db.route.findUnique({ where: { slug }, select: { id: true } });
  if (!route) throw new AppError("not_found", `No route "${slug}".`);
  return route.id;
}

/** How many examples the route holds, from how many imports. */
export async function summarizeLabelledExamples(
  db: PrismaClient,
  slug: string,
): Promise<LabelledExamplesSummary> {
  const routeId = await routeIdOf(db, slug);
  const agg = await db.labelledExampleImport.aggregate({
    where: { routeId },
    _count: { _all: true },
    _sum: { count: true },
    _max: { createdAt: true },
  });
  return {
    imports: agg._count._all,
    examples: agg._sum.count ?? 0,
    lastImportAt: agg._max.createdAt?.toISOString() ?? null,
  };
}

/** Stores one upload (already validated line by line); refused past `MAX_ROUTE_EXAMPLES`. */
export async function importLabelledExamples(
  db: PrismaClient,
  actor: AuditActor,
  slug: string,
  examples: readonly LabelledExample[],
): Promise<{ importId: string; count: number } & LabelledExamplesSummary> {
  const routeId = await routeIdOf(db, slug);
  const saved = await db.$transaction(async (tx) => {
    const held = await tx.labelledExampleImport.aggregate({
      where: { routeId },
      _sum: { count: true },
    });
    if ((held._sum.count ?? 0) + examples.length > MAX_ROUTE_EXAMPLES)
      throw new AppError(
        "payload_too_large",
        `A route keeps at most ${MAX_ROUTE_EXAMPLES} labelled examples; it holds ${held._sum.count ?? 0}.`,
      );
    const row = await tx.labelledExampleImport.create({
      data: {
        routeId,
        count: examples.length,
        examples: examples as unknown as Prisma.InputJsonValue,
        createdById: actor.id,
        createdBy: actor.email,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      action: "labelled_examples.import",
      entityType: "route",
      entityId: slug,
      after: { importId: row.id, count: examples.length },
    });
    return row;
  });
  return {
    importId: saved.id,
    count: examples.length,
    ...(await summarizeLabelledExamples(db, slug)),
  };
}

/** Every stored example of the route, oldest import first (bounded by `MAX_ROUTE_EXAMPLES`). */
export async function loadLabelledExamples(
  db: PrismaClient,
  slug: string,
): Promise<LabelledExample[]> {
  const routeId = await routeIdOf(db, slug);
  const rows = await db.labelledExampleImport.findMany({
    where: { routeId },
    select: { examples: true },
    orderBy: { createdAt: "asc" },
    take: 1000,
  });
  // Stored only after line-by-line validation, so the arrays are LabelledExample[].
  return rows.flatMap((r) => (Array.isArray(r.examples) ? (r.examples as LabelledExample[]) : []));
}

const SUMMARY = {
  id: true,
  version: true,
  name: true,
  training: true,
  evaluation: true,
  createdAt: true,
  createdBy: true,
  route: { select: { slug: true } },
} as const;

type SummaryRow = {
  id: string;
  version: number;
  name: string;
  training: unknown;
  evaluation: unknown;
  createdAt: Date;
  createdBy: string;
  route: { slug: string };
};

function toSummary(row: SummaryRow): ScorerVersionSummary {
  return {
    id: row.id,
    routeSlug: row.route.slug,
    version: row.version,
    kind: "learned",
    name: row.name,
    training: ScorerTrainingSchema.parse(row.training),
    evaluation: ScorerEvaluationSchema.parse(row.evaluation),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
  };
}

/** The version number the next training gets. */
export async function nextScorerVersion(db: PrismaClient, slug: string): Promise<number> {
  const routeId = await routeIdOf(db, slug);
  const agg = await db.scorerVersion.aggregate({ where: { routeId }, _max: { version: true } });
  return (agg._max.version ?? 0) + 1;
}

export interface NewScorerVersion {
  version: number;
  name: string;
  model: unknown;
  training: unknown;
  evaluation: unknown;
}

/** Writes a trained version (audited); a concurrent training that took the number first wins. */
export async function createScorerVersion(
  db: PrismaClient,
  actor: AuditActor,
  slug: string,
  input: NewScorerVersion,
): Promise<ScorerVersionSummary> {
  const routeId = await routeIdOf(db, slug);
  try {
    const row = await db.$transaction(async (tx) => {
      const saved = await tx.scorerVersion.create({
        data: {
          routeId,
          version: input.version,
          kind: "learned",
          name: input.name,
          model: input.model as Prisma.InputJsonValue,
          training: input.training as Prisma.InputJsonValue,
          evaluation: input.evaluation as Prisma.InputJsonValue,
          createdById: actor.id,
          createdBy: actor.email,
        },
        select: SUMMARY,
      });
      await recordAudit(tx, {
        actor,
        action: "scorer_version.create",
        entityType: "route",
        entityId: slug,
        after: {
          version: input.version,
          name: input.name,
          training: input.training,
          evaluation: input.evaluation,
        },
      });
      return saved;
    });
    return toSummary(row);
  } catch (error) {
    rethrowConflict(
      error,
      `Scorer version ${input.version} of "${slug}" already exists; train again.`,
    );
  }
}

/** A route's versions, newest first (a page of 100: each training adds one). */
export async function listScorerVersions(
  db: PrismaClient,
  slug: string,
): Promise<ScorerVersionSummary[]> {
  const routeId = await routeIdOf(db, slug);
  const rows = await db.scorerVersion.findMany({
    where: { routeId },
    select: SUMMARY,
    orderBy: { version: "desc" },
    take: 100,
  });
  return rows.map(toSummary);
}

/** Which of `versions` exist for the route (the publish check). */
export async function existingScorerVersions(
  db: PrismaClient,
  slug: string,
  versions: readonly number[],
): Promise<Set<number>> {
  if (versions.length === 0) return new Set();
  const rows = await db.scorerVersion.findMany({
    where: { route: { slug }, version: { in: [...versions] } },
    select: { version: true },
  });
  return new Set(rows.map((r) => r.version));
}
