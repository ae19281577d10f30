/** Providers: upstream endpoints. Credentials are write-only: stored encrypted, shown as a hint. */
import { AppError } from "@/lib/errors";
import {
  settingsNotForKind,
  type CreateProviderInput,
  type ProviderSettingsInput,
  type UpdateProviderInput,
} from "@/lib/schemas/console/providers";
import { recordAudit, type AuditActor } from "./audit";
import { bumpConfigRevision } from "./config-revision";
import { decryptSecret, encryptSecret, secretHint } from "./crypto";
import type { Prisma, PrismaClient } from "./generated/client";
import { getEncryptionKey } from "./engine/secrets";
import { isForeignKeyViolation, rethrowConflict, toRecord } from "./write-helpers";
import type { ProviderRecord } from "@/lib/schemas/console/providers";

const MAX_PROVIDERS = 500;

/** Never selects `credentialCiphertext`: nothing below can leak it by accident. */
const providerSelect = {
  id: true,
  slug: true,
  name: true,
  kind: true,
  baseUrl: true,
  credentialHint: true,
  headers: true,
  connectTimeoutMs: true,
  requestTimeoutMs: true,
  allowPrivateNetwork: true,
  settings: true,
  enabled: true,
  updatedAt: true,
  _count: { select: { models: true } },
} as const satisfies Prisma.ProviderSelect;

type ProviderRow = Prisma.ProviderGetPayload<{ select: typeof providerSelect }>;

function toProvider(r: ProviderRow): ProviderRecord {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(toRecord(r.headers)))
    if (typeof v === "string") headers[k] = v;
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    kind: r.kind,
    baseUrl: r.baseUrl,
    hasCredential: r.credentialHint !== null,
    credentialHint: r.credentialHint,
    headers,
    connectTimeoutMs: r.connectTimeoutMs,
    requestTimeoutMs: r.requestTimeoutMs,
    allowPrivateNetwork: r.allowPrivateNetwork,
    settings: toRecord(r.settings),
    enabled: r.enabled,
    modelCount: r._count.models,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listProviders(db: PrismaClient): Promise<ProviderRecord[]> {
  const rows = await db.provider.findMany({
    select: providerSelect,
    orderBy: { slug: "asc" },
    take: MAX_PROVIDERS,
  });
  return rows.map(toProvider);
}

async function findProvider(
  db: PrismaClient | Prisma.TransactionClient,
  id: string,
): Promise<ProviderRecord> {
  const row = await db.provider.findUnique({ where: { id }, select: providerSelect });
  if (!row) throw new AppError("not_found", "No such provider.");
  return toProvider(row);
}

export const getProvider = (db: PrismaClient, id: string) => findProvider(db, id);

async function encrypted(
  value: string,
): Promise<{ credentialCiphertext: string; credentialHint: string }> {
  return {
    credentialCiphertext: encryptSecret(value, await getEncryptionKey()),
    credentialHint: secretHint(value),
  };
}

export async function createProvider(
  db: PrismaClient,
  actor: AuditActor,
  input: CreateProviderInput,
): Promise<ProviderRecord> {
  const { credential, settings, ...fields } = input;
  const secret = credential ? await encrypted(credential) : {};
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.provider.create({
        data: { ...fields, ...secret, settings: mergeSettings({}, settings ?? {}) },
        select: providerSelect,
      });
      const created = toProvider(row);
      await recordAudit(tx, {
        actor,
        action: "provider.create",
        entityType: "provider",
        entityId: created.slug,
        after: created,
      });
      await bumpConfigRevision(tx, "registry");
      return created;
    });
  } catch (error) {
    rethrowConflict(error, `A provider named "${input.slug}" already exists.`);
  }
}

export async function updateProvider(
  db: PrismaClient,
  actor: AuditActor,
  id: string,
  input: UpdateProviderInput,
): Promise<ProviderRecord> {
  const { settings, ...fields } = input;
  return db.$transaction(async (tx) => {
    const before = await findProvider(tx, id);
    const data: Prisma.ProviderUpdateInput = { ...fields };
    if (settings !== undefined) {
      const wrong = settingsNotForKind(before.kind, settings);
      if (wrong.length > 0)
        throw new AppError("validation_failed", "The body failed validation.", { details: wrong });
      data.settings = mergeSettings(before.settings, settings);
    }
    const after = toProvider(
      await tx.provider.update({ where: { id }, data, select: providerSelect }),
    );
    await recordAudit(tx, {
      actor,
      action: "provider.update",
      entityType: "provider",
      entityId: after.slug,
      before,
      after,
    });
    await bumpConfigRevision(tx, "registry");
    return after;
  });
}

/** Stored settings with `changes` applied: a value sets a key, `null` removes it. */
function mergeSettings(
  stored: Record<string, unknown>,
  changes: ProviderSettingsInput,
): Prisma.InputJsonObject {
  const out: Record<string, Prisma.InputJsonValue> = {};
  for (const [k, v] of Object.entries(stored))
    if (v !== null && v !== undefined) out[k] = v as Prisma.InputJsonValue;
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete out[k];
    else if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Sets, replaces (a string) or clears (null) the credential; the audit records only the hint. */
export async function setProviderCredential(
  db: PrismaClient,
  actor: AuditActor,
  id: string,
  value: string | null,
): Promise<ProviderRecord> {
  const data =
    value === null ? { credentialCiphertext: null, credentialHint: null } : await encrypted(value);
  return db.$transaction(async (tx) => {
    const before = await findProvider(tx, id);
    const after = toProvider(
      await tx.provider.update({ where: { id }, data, select: providerSelect }),
    );
    await recordAudit(tx, {
      actor,
      action: value === null ? "provider.credential.clear" : "provider.credential.set",
      entityType: "provider",
      entityId: after.slug,
      before: { hint: before.credentialHint },
      after: { hint: after.credentialHint },
    });
    await bumpConfigRevision(tx, "registry");
    return after;
  });
}

export async function deleteProvider(
  db: PrismaClient,
  actor: AuditActor,
  id: string,
): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      const before = await findProvider(tx, id);
      await tx.provider.delete({ where: { id }, select: { id: true } });
      await recordAudit(tx, {
        actor,
        action: "provider.delete",
        entityType: "provider",
        entityId: before.slug,
        before,
      });
      await bumpConfigRevision(tx, "registry");
    });
  } catch (error) {
    if (isForeignKeyViolation(error))
      throw new AppError("conflict", "Models still use this provider; move or delete them first.");
    throw error;
  }
}

/** What "test connection" needs, with the credential decrypted in memory (never returned). */
export interface ProviderConnection {
  slug: string;
  kind: ProviderRecord["kind"];
  baseUrl: string | null;
  apiKey: string | null;
  headers: Record<string, string>;
  settings: Record<string, unknown>;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  allowPrivateNetwork: boolean;
  /** An enabled model of this provider to send the test request to, if any. */
  probeModel: string | null;
}

export async function loadProviderConnection(
  db: PrismaClient,
  id: string,
): Promise<ProviderConnection> {
  const row = await db.provider.findUnique({
    where: { id },
    select: {
      ...providerSelect,
      credentialCiphertext: true,
      settings: true,
      models: {
        where: { enabled: true },
        select: { upstreamName: true },
        take: 1,
        orderBy: { slug: "asc" },
      },
    },
  });
  if (!row) throw new AppError("not_found", "No such provider.");
  let apiKey: string | null = null;
  if (row.credentialCiphertext) {
    try {
      apiKey = decryptSecret(row.credentialCiphertext, await getEncryptionKey());
    } catch {
      throw new AppError(
        "conflict",
        "The stored credential cannot be decrypted (was the encryption key changed?); set it again.",
      );
    }
  }
  const p = toProvider(row);
  return {
    slug: p.slug,
    kind: p.kind,
    baseUrl: p.baseUrl,
    apiKey,
    headers: p.headers,
    settings: toRecord(row.settings),
    connectTimeoutMs: p.connectTimeoutMs,
    requestTimeoutMs: p.requestTimeoutMs,
    allowPrivateNetwork: p.allowPrivateNetwork,
    probeModel: row.models[0]?.upstreamName ?? null,
  };
}
