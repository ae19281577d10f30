/**
 * API key administration: a key is generated here, returned once, and stored only as its sha256
 * hash and a visible prefix. Creation and revocation bump the `keys` config revision so gateway
 * key caches drop a revoked key within seconds.
 */
import { AppError } from "@/lib/errors";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "@/lib/keys";
import type { ApiKeyCreateInput, ApiKeyCreated, ApiKeyView } from "@/lib/schemas/console/tenants";
import { recordAudit, type AuditActor } from "./audit";
import { bumpConfigRevision } from "./config-revision";
import type { Prisma, PrismaClient } from "./generated/client";

/** Keys per tenant shown by the console (revoked keys included, newest first). */
const MAX_KEYS = 200;

const keySelect = {
  id: true,
  tenantId: true,
  name: true,
  prefix: true,
  scopes: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
} as const satisfies Prisma.ApiKeySelect;

type KeyRow = Prisma.ApiKeyGetPayload<{ select: typeof keySelect }>;

function toView(k: KeyRow): ApiKeyView {
  return {
    ...k,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    createdAt: k.createdAt.toISOString(),
  };
}

export async function listApiKeys(db: PrismaClient, tenantId: string): Promise<ApiKeyView[]> {
  const rows = await db.apiKey.findMany({
    where: { tenantId },
    select: keySelect,
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    take: MAX_KEYS,
  });
  return rows.map(toView);
}

export async function createApiKey(
  db: PrismaClient,
  actor: AuditActor,
  input: ApiKeyCreateInput,
  makeKey: () => string = generateApiKey,
): Promise<ApiKeyCreated> {
  const key = makeKey();
  return db.$transaction(async (tx) => {
    const tenant = await tx.tenant.findUnique({
      where: { id: input.tenantId },
      select: { id: true },
    });
    if (!tenant)
      throw new AppError("not_found", "No such tenant.", {
        details: [{ path: "tenantId", message: "No such tenant." }],
      });
    const row = await tx.apiKey.create({
      data: {
        tenantId: input.tenantId,
        name: input.name,
        scopes: [...new Set(input.scopes)],
        hash: hashApiKey(key),
        prefix: apiKeyPrefix(key),
      },
      select: keySelect,
    });
    const view = toView(row);
    await recordAudit(tx, {
      actor,
      action: "api_key.create",
      entityType: "api_key",
      entityId: row.id,
      after: view,
    });
    await bumpConfigRevision(tx, "keys");
    return { key, apiKey: view };
  });
}

/** Revokes a key (idempotent: revoking a revoked key keeps its first revocation time). */
export async function revokeApiKey(
  db: PrismaClient,
  actor: AuditActor,
  id: string,
  now: Date = new Date(),
): Promise<ApiKeyView> {
  return db.$transaction(async (tx) => {
    const before = await tx.apiKey.findUnique({ where: { id }, select: keySelect });
    if (!before) throw new AppError("not_found", "No such API key.");
    if (before.revokedAt) return toView(before);
    const row = await tx.apiKey.update({
      where: { id },
      data: { revokedAt: now },
      select: keySelect,
    });
    const view = toView(row);
    await recordAudit(tx, {
      actor,
      action: "api_key.revoke",
      entityType: "api_key",
      entityId: id,
      before: toView(before),
      after: view,
    });
    await bumpConfigRevision(tx, "keys");
    return view;
  });
}
