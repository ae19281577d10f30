import type { Prisma, PrismaClient } from "./generated/client";

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Config areas whose changes gateway instances must pick up within a second. Every console write
 * bumps its area inside the same transaction; instances poll `readConfigRevisions` (one indexed
 * read of a handful of rows) and reload only the areas that moved.
 */
export const CONFIG_AREAS = ["routing", "registry", "keys", "tenants", "rollback"] as const;
export type ConfigArea = (typeof CONFIG_AREAS)[number];

export async function bumpConfigRevision(db: Db, area: ConfigArea): Promise<void> {
  await db.$executeRaw`INSERT INTO "ConfigRevision" (area, revision, "updatedAt") VALUES (${area}, 1, now())
    ON CONFLICT (area) DO UPDATE SET revision = "ConfigRevision".revision + 1, "updatedAt" = now()`;
}

export async function readConfigRevisions(db: Db): Promise<Record<ConfigArea, bigint>> {
  const rows = await db.configRevision.findMany({ select: { area: true, revision: true } });
  const out = Object.fromEntries(CONFIG_AREAS.map((a) => [a, 0n])) as Record<ConfigArea, bigint>;
  for (const r of rows)
    if ((CONFIG_AREAS as readonly string[]).includes(r.area))
      out[r.area as ConfigArea] = r.revision;
  return out;
}
