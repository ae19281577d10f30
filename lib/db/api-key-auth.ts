/** API key lookups for the gateway: by hash (with the tenant it belongs to), and batched touches. */
import type { PrismaClient } from "./generated/client";
import { sqlQuery } from "./engine/raw-sql";

export interface ApiKeyPrincipalRow {
  keyId: string;
  scopes: string[];
  revoked: boolean;
  tenant: {
    id: string;
    slug: string;
    modelAllowlist: string[];
    allowDirectModels: boolean;
    captureContent: boolean;
    isDemo: boolean;
  };
}

/** The key with this sha256 hash and its tenant, or null. */
export async function findApiKeyByHash(
  db: PrismaClient,
  hash: string,
): Promise<ApiKeyPrincipalRow | null> {
  const row = await db.apiKey.findUnique({
    where: { hash },
    select: {
      id: true,
      scopes: true,
      revokedAt: true,
      tenant: {
        select: {
          id: true,
          slug: true,
          modelAllowlist: true,
          allowDirectModels: true,
          captureContent: true,
          isDemo: true,
        },
      },
    },
  });
  if (!row) return null;
  return { keyId: row.id, scopes: row.scopes, revoked: row.revokedAt !== null, tenant: row.tenant };
}

/**
 * Sets `lastUsedAt` on many keys in one statement (the gateway batches touches). Background
 * work of every instance, so it runs on the driver (raw-sql.ts), not through Prisma.
 */
export async function touchApiKeysLastUsed(
  db: PrismaClient,
  keyIds: readonly string[],
  at: Date,
): Promise<void> {
  if (keyIds.length === 0) return;
  await sqlQuery(db, TOUCH_KEYS, [[...keyIds], at]);
}

const TOUCH_KEYS = `UPDATE "ApiKey" SET "lastUsedAt" = $2::timestamptz WHERE "id" = ANY($1::uuid[])`;
