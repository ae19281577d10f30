/** The model registry: CRUD for the console and the registry snapshot the dry run needs. */
import { AppError } from "@/lib/errors";
import type { CreateModelInput, UpdateModelInput } from "@/lib/schemas/console/models";
import { recordAudit, type AuditActor } from "./audit";
import { bumpConfigRevision } from "./config-revision";
import type { Prisma, PrismaClient } from "./generated/client";
import { isForeignKeyViolation, rethrowConflict } from "./write-helpers";
import type { ModelRecord } from "@/lib/schemas/console/models";

const MAX_MODELS = 1000;

const modelSelect = {
  id: true,
  slug: true,
  providerId: true,
  upstreamName: true,
  displayName: true,
  inputPricePerMTok: true,
  outputPricePerMTok: true,
  cachedInputPricePerMTok: true,
  contextWindow: true,
  maxOutputTokens: true,
  capabilities: true,
  tier: true,
  declaredLatencyMs: true,
  tokenizer: true,
  enabled: true,
  updatedAt: true,
  provider: { select: { slug: true, kind: true, name: true, enabled: true } },
} as const satisfies Prisma.ModelSelect;

type ModelRow = Prisma.ModelGetPayload<{ select: typeof modelSelect }>;

function toRecord(r: ModelRow): ModelRecord {
  return {
    id: r.id,
    slug: r.slug,
    providerId: r.providerId,
    providerSlug: r.provider.slug,
    providerName: r.provider.name,
    providerKind: r.provider.kind,
    upstreamName: r.upstreamName,
    displayName: r.displayName,
    inputPricePerMTok: r.inputPricePerMTok.toNumber(),
    outputPricePerMTok: r.outputPricePerMTok.toNumber(),
    cachedInputPricePerMTok: r.cachedInputPricePerMTok?.toNumber() ?? null,
    contextWindow: r.contextWindow,
    maxOutputTokens: r.maxOutputTokens,
    capabilities: r.capabilities,
    tier: r.tier,
    declaredLatencyMs: r.declaredLatencyMs,
    tokenizer: r.tokenizer,
    enabled: r.enabled,
    providerEnabled: r.provider.enabled,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The whole registry (bounded: registries hold tens of models, not millions). */
export async function listModels(db: PrismaClient): Promise<ModelRecord[]> {
  const rows = await db.model.findMany({
    select: modelSelect,
    orderBy: { slug: "asc" },
    take: MAX_MODELS,
  });
  return rows.map(toRecord);
}

async function findModel(
  db: PrismaClient | Prisma.TransactionClient,
  id: string,
): Promise<ModelRecord> {
  const row = await db.model.findUnique({ where: { id }, select: modelSelect });
  if (!row) throw new AppError("not_found", "No such model.");
  return toRecord(row);
}

export async function getModel(db: PrismaClient, id: string): Promise<ModelRecord> {
  return findModel(db, id);
}

export async function createModel(
  db: PrismaClient,
  actor: AuditActor,
  input: CreateModelInput,
): Promise<ModelRecord> {
  try {
    return await db.$transaction(async (tx) => {
      const provider = await tx.provider.findUnique({
        where: { id: input.providerId },
        select: { id: true },
      });
      if (!provider)
        throw new AppError("validation_failed", "Unknown provider.", {
          details: [{ path: "providerId", message: "no such provider" }],
        });
      const row = await tx.model.create({ data: input, select: modelSelect });
      const created = toRecord(row);
      await recordAudit(tx, {
        actor,
        action: "model.create",
        entityType: "model",
        entityId: created.slug,
        after: created,
      });
      await bumpConfigRevision(tx, "registry");
      return created;
    });
  } catch (error) {
    rethrowConflict(error, `A model named "${input.slug}" already exists.`);
  }
}

export async function updateModel(
  db: PrismaClient,
  actor: AuditActor,
  id: string,
  input: UpdateModelInput,
): Promise<ModelRecord> {
  return db.$transaction(async (tx) => {
    const before = await findModel(tx, id);
    const contextWindow = input.contextWindow ?? before.contextWindow;
    const maxOutput = input.maxOutputTokens ?? before.maxOutputTokens;
    if (maxOutput > contextWindow)
      throw new AppError("validation_failed", "The body failed validation.", {
        details: [{ path: "maxOutputTokens", message: "cannot exceed the context window" }],
      });
    const after = toRecord(
      await tx.model.update({ where: { id }, data: input, select: modelSelect }),
    );
    await recordAudit(tx, {
      actor,
      action: "model.update",
      entityType: "model",
      entityId: after.slug,
      before,
      after,
    });
    await bumpConfigRevision(tx, "registry");
    return after;
  });
}

/** Deletes a model unless a fallback chain still uses it (then disable it instead). */
export async function deleteModel(db: PrismaClient, actor: AuditActor, id: string): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      const before = await findModel(tx, id);
      await tx.model.delete({ where: { id }, select: { id: true } });
      await recordAudit(tx, {
        actor,
        action: "model.delete",
        entityType: "model",
        entityId: before.slug,
        before,
      });
      await bumpConfigRevision(tx, "registry");
    });
  } catch (error) {
    if (isForeignKeyViolation(error))
      throw new AppError(
        "conflict",
        "A fallback chain still uses this model; remove it there or disable the model.",
      );
    throw error;
  }
}
