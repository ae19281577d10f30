/** Fallback chains: ordered steps (model, timeout, retries), trigger error classes, a deadline. */
import { AppError } from "@/lib/errors";
import type { CreateChainInput, UpdateChainInput } from "@/lib/schemas/console/chains";
import { recordAudit, type AuditActor } from "./audit";
import { bumpConfigRevision } from "./config-revision";
import type { Prisma, PrismaClient } from "./generated/client";
import { rethrowConflict } from "./write-helpers";
import type { ChainRecord } from "@/lib/schemas/console/chains";

const MAX_CHAINS = 500;

const chainSelect = {
  id: true,
  slug: true,
  name: true,
  description: true,
  triggers: true,
  deadlineMs: true,
  updatedAt: true,
  steps: {
    orderBy: { position: "asc" },
    select: {
      position: true,
      timeoutMs: true,
      maxRetries: true,
      model: { select: { slug: true } },
    },
  },
} as const satisfies Prisma.FallbackChainSelect;

type ChainRow = Prisma.FallbackChainGetPayload<{ select: typeof chainSelect }>;

function toChain(r: ChainRow): ChainRecord {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    triggers: r.triggers,
    deadlineMs: r.deadlineMs,
    steps: r.steps.map((s) => ({
      modelSlug: s.model.slug,
      timeoutMs: s.timeoutMs,
      maxRetries: s.maxRetries,
    })),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listChains(db: PrismaClient): Promise<ChainRecord[]> {
  const rows = await db.fallbackChain.findMany({
    select: chainSelect,
    orderBy: { slug: "asc" },
    take: MAX_CHAINS,
  });
  return rows.map(toChain);
}

async function findChain(
  db: PrismaClient | Prisma.TransactionClient,
  id: string,
): Promise<ChainRecord> {
  const row = await db.fallbackChain.findUnique({ where: { id }, select: chainSelect });
  if (!row) throw new AppError("not_found", "No such fallback chain.");
  return toChain(row);
}

export const getChain = (db: PrismaClient, id: string) => findChain(db, id);

/** Resolves step model slugs to ids; unknown slugs are validation errors at `steps.N.modelSlug`. */
async function resolveSteps(tx: Prisma.TransactionClient, steps: CreateChainInput["steps"]) {
  const slugs = [...new Set(steps.map((s) => s.modelSlug))];
  const models = await tx.model.findMany({
    where: { slug: { in: slugs } },
    select: { id: true, slug: true },
  });
  const ids = new Map(models.map((m) => [m.slug, m.id]));
  const details = steps.flatMap((s, i) =>
    ids.has(s.modelSlug)
      ? []
      : [{ path: `steps.${i}.modelSlug`, message: `no model "${s.modelSlug}"` }],
  );
  if (details.length > 0)
    throw new AppError("validation_failed", "Unknown models in steps.", { details });
  return steps.map((s, position) => ({
    position,
    modelId: ids.get(s.modelSlug) ?? "",
    timeoutMs: s.timeoutMs,
    maxRetries: s.maxRetries,
  }));
}

export async function createChain(
  db: PrismaClient,
  actor: AuditActor,
  input: CreateChainInput,
): Promise<ChainRecord> {
  try {
    return await db.$transaction(async (tx) => {
      const steps = await resolveSteps(tx, input.steps);
      const row = await tx.fallbackChain.create({
        data: { ...input, steps: { create: steps } },
        select: chainSelect,
      });
      const created = toChain(row);
      await recordAudit(tx, {
        actor,
        action: "chain.create",
        entityType: "chain",
        entityId: created.slug,
        after: created,
      });
      await bumpConfigRevision(tx, "registry");
      return created;
    });
  } catch (error) {
    rethrowConflict(error, `A chain named "${input.slug}" already exists.`);
  }
}

/** Replaces the chain's fields and steps (steps are rewritten in order). */
export async function updateChain(
  db: PrismaClient,
  actor: AuditActor,
  id: string,
  input: UpdateChainInput,
): Promise<ChainRecord> {
  return db.$transaction(async (tx) => {
    const before = await findChain(tx, id);
    const steps = await resolveSteps(tx, input.steps);
    await tx.fallbackChainStep.deleteMany({ where: { chainId: id } });
    const row = await tx.fallbackChain.update({
      where: { id },
      data: { ...input, steps: { create: steps } },
      select: chainSelect,
    });
    const after = toChain(row);
    await recordAudit(tx, {
      actor,
      action: "chain.update",
      entityType: "chain",
      entityId: after.slug,
      before,
      after,
    });
    await bumpConfigRevision(tx, "registry");
    return after;
  });
}

export async function deleteChain(db: PrismaClient, actor: AuditActor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await findChain(tx, id);
    await tx.fallbackChain.delete({ where: { id }, select: { id: true } });
    await recordAudit(tx, {
      actor,
      action: "chain.delete",
      entityType: "chain",
      entityId: before.slug,
      before,
    });
    await bumpConfigRevision(tx, "registry");
  });
}
