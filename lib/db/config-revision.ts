import type { Prisma, PrismaClient } from "./generated/client";
import { sqlBigInt, sqlQuery } from "./engine/raw-sql";

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Config areas whose changes gateway instances must pick up within a second. Every console write
 * bumps its area inside the same transaction; instances poll `readConfigRevisions` (one indexed
 * read of a handful of rows) and reload only the areas that moved.
 */
export const CONFIG_AREAS = [
  "routing",
  "registry",
  "keys",
  "tenants",
  "rollback",
  "budgets",
] as const;
export type ConfigArea = (typeof CONFIG_AREAS)[number];

export async function bumpConfigRevision(db: Db, area: ConfigArea): Promise<void> {
  await db.$executeRaw`INSERT INTO "ConfigRevision" (area, revision, "updatedAt") VALUES (${area}, 1, now())
    ON CONFLICT (area) DO UPDATE SET revision = "ConfigRevision".revision + 1, "updatedAt" = now()`;
}

/**
 * The revision of every area (0 for an area never bumped). Each gateway instance polls this
 * every 500 ms, so it runs on the driver (raw-sql.ts), not through Prisma's client runtime.
 */
export async function readConfigRevisions(db: PrismaClient): Promise<Record<ConfigArea, bigint>> {
  const rows = await sqlQuery<{ area: string; revision: unknown }>(db, READ_REVISIONS);
  const out = Object.fromEntries(CONFIG_AREAS.map((a) => [a, 0n])) as Record<ConfigArea, bigint>;
  for (const r of rows)
    if ((CONFIG_AREAS as readonly string[]).includes(r.area))
      out[r.area as ConfigArea] = sqlBigInt(r.revision);
  return out;
}

const READ_REVISIONS = `SELECT "area", "revision" FROM "ConfigRevision"`;
