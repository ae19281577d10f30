import { getDb, type PrismaClient } from "./client";
import { defaultMigrationsDir, readMigrations } from "./migration-files";

export type MigrationStatus = {
  /** The database answered. */
  reachable: boolean;
  /** Reachable, every committed migration applied, none edited. */
  upToDate: boolean;
  applied: number;
  pending: string[];
  /** Applied with a different checksum than the file on disk. */
  modified: string[];
  /** One line when the database could not be read. */
  error?: string;
};

type Row = { migration_name: string; checksum: string };

function errorCode(error: unknown): string | undefined {
  // The driver's SQLSTATE, wherever the adapter put it.
  if (error === null || typeof error !== "object") return undefined;
  const e = error as {
    code?: unknown;
    meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown } } };
  };
  const code = e.meta?.driverAdapterError?.cause?.originalCode ?? e.meta?.code ?? e.code;
  return typeof code === "string" ? code : undefined;
}

/** The line of a driver or Prisma error that says what happened (Prisma's first lines are a call site). */
function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !/^Invalid `.*` invocation/.test(l));
  const line = lines[lines.length - 1] ?? "no answer";
  return line.replace(/^Raw query failed\. Code: `[^`]*`\. Message: /, "").replace(/^`|`$/g, "");
}

/** For `/api/ready`: is the database reachable and are all migrations applied? Never throws. */
export async function migrationStatus(
  options: { db?: PrismaClient; migrationsDir?: string } = {},
): Promise<MigrationStatus> {
  const files = readMigrations(options.migrationsDir ?? defaultMigrationsDir());
  // Unreachable: nothing is known about the migrations, so none is listed as pending.
  const unreachable = (error: unknown): MigrationStatus => ({
    reachable: false,
    upToDate: false,
    applied: 0,
    pending: [],
    modified: [],
    error: reason(error),
  });
  let db: PrismaClient;
  try {
    db = options.db ?? (await getDb());
    await db.$queryRawUnsafe("SELECT 1");
  } catch (error) {
    return unreachable(error);
  }
  let rows: Row[] = [];
  try {
    rows = await db.$queryRawUnsafe<Row[]>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
  } catch (error) {
    // 42P01: no history table yet, so nothing is applied.
    const message = error instanceof Error ? error.message : "";
    if (errorCode(error) !== "42P01" && !message.includes("_prisma_migrations"))
      return unreachable(error);
  }
  const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
  const pending = files.filter((f) => !applied.has(f.name)).map((f) => f.name);
  const modified = files
    .filter((f) => applied.has(f.name) && applied.get(f.name) !== f.checksum)
    .map((f) => f.name);
  return {
    reachable: true,
    upToDate: pending.length === 0 && modified.length === 0,
    applied: files.length - pending.length,
    pending,
    modified,
  };
}
