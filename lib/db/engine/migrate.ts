import { randomUUID } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { loadEnv } from "../../env";
import { getDbHandle } from "./client";
import { defaultMigrationsDir, readMigrations, type MigrationFile } from "./migration-files";

/**
 * Our own migration runner (Prisma's native engine is unavailable; adapter `executeScript` is
 * buggy). Each migration.sql runs in one transaction through the raw driver, recorded in Prisma's
 * `_prisma_migrations` table exactly (sha256 checksums), under the advisory lock Prisma's engine
 * takes, so `prisma migrate deploy` accepts the history where the native engine exists.
 */
export const MIGRATION_ADVISORY_LOCK = 72707369;

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

export type MigrationTarget =
  { kind: "pglite"; pglite: PGlite } | { kind: "postgres"; url: string; schema?: string };

export type MigrateOptions = {
  /** Default: the database of the environment (the process-wide handle on the embedded one). */
  target?: MigrationTarget;
  migrationsDir?: string;
  log?: (line: string) => void;
};

export type MigrateResult = {
  /** Names applied by this run, in order. */
  applied: string[];
  /** How many were already applied. */
  skipped: number;
  durationMs: number;
};

/** The minimum a runner needs from a driver: multi-statement scripts and parameterized queries. */
type SqlSession = {
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
};

export const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function openSession(target: MigrationTarget): Promise<SqlSession> {
  if (target.kind === "pglite") {
    const db = target.pglite;
    return {
      exec: async (sql) => void (await db.exec(sql)),
      query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
      close: async () => {},
    };
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  if (target.schema !== undefined)
    // Only the search path here: creating the schema waits for the advisory lock (concurrent
    // CREATE SCHEMA IF NOT EXISTS races on the catalog's unique index).
    await client.query(`SET search_path TO ${quoteIdent(target.schema)}`);
  return {
    // Without parameters pg uses the simple query protocol: several statements, $$ bodies intact.
    exec: async (sql) => void (await client.query(sql)),
    query: async <T>(sql: string, params?: unknown[]) =>
      (await client.query(sql, params)).rows as T[],
    close: () => client.end(),
  };
}

type AppliedRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

async function defaultTarget(): Promise<MigrationTarget> {
  const env = loadEnv();
  if (env.DATABASE_URL !== undefined) return { kind: "postgres", url: env.DATABASE_URL };
  // Opening the process-wide handle takes the folder's lock: a folder held by a running server
  // is refused with DatabaseLockedError, and `npm start` reuses the handle it migrated with.
  const handle = await getDbHandle();
  if (handle.kind !== "pglite") throw new MigrationError("expected the embedded database");
  return { kind: "pglite", pglite: handle.pglite };
}

/** Checks recorded history against the files; throws on edited or failed migrations. */
function checkHistory(rows: AppliedRow[], files: MigrationFile[]): Set<string> {
  const done = new Set<string>();
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const row of rows) {
    if (row.rolled_back_at !== null) continue;
    if (row.finished_at === null)
      throw new MigrationError(
        `migration ${row.migration_name} started but never finished (a failed run of another tool); ` +
          `repair the database, then mark it rolled back or applied in _prisma_migrations`,
      );
    const file = byName.get(row.migration_name);
    if (file && file.checksum !== row.checksum)
      throw new MigrationError(
        `migration ${row.migration_name} was edited after it was applied (checksum ${row.checksum.slice(0, 12)}… ` +
          `in the database, ${file.checksum.slice(0, 12)}… on disk); restore the file and add a new migration instead`,
      );
    done.add(row.migration_name);
  }
  return done;
}

/**
 * Applies every pending migration, each in its own transaction, under the advisory lock.
 * Idempotent: a re-run applies nothing. Refuses edited migrations.
 */
export async function migrateDatabase(options: MigrateOptions = {}): Promise<MigrateResult> {
  const started = performance.now();
  const files = readMigrations(options.migrationsDir ?? defaultMigrationsDir());
  const log = options.log ?? (() => {});
  const target = options.target ?? (await defaultTarget());
  const session = await openSession(target);
  const applied: string[] = [];
  try {
    await session.query(`SELECT pg_advisory_lock(${MIGRATION_ADVISORY_LOCK})`);
    try {
      if (target.kind === "postgres" && target.schema !== undefined)
        await session.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(target.schema)}`);
      await session.exec(CREATE_MIGRATIONS_TABLE);
      const rows = await session.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
      );
      const done = checkHistory(rows, files);
      const known = new Set(files.map((f) => f.name));
      for (const name of done)
        if (!known.has(name))
          log(`warning: applied migration ${name} is not in the migrations folder`);
      for (const file of files) {
        if (done.has(file.name)) continue;
        await applyOne(session, file);
        applied.push(file.name);
        log(`applied ${file.name}`);
      }
    } finally {
      await session.query(`SELECT pg_advisory_unlock(${MIGRATION_ADVISORY_LOCK})`).catch(() => {});
    }
  } finally {
    await session.close();
  }
  return {
    applied,
    skipped: files.length - applied.length,
    durationMs: Math.round(performance.now() - started),
  };
}

async function applyOne(session: SqlSession, file: MigrationFile): Promise<void> {
  const startedAt = new Date();
  await session.exec("BEGIN");
  try {
    await session.exec(file.sql);
    await session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, $4, now(), 1)`,
      [randomUUID(), file.checksum, file.name, startedAt],
    );
    await session.exec("COMMIT");
  } catch (error) {
    await session.exec("ROLLBACK").catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`migration ${file.name} failed and was rolled back: ${reason}`, {
      cause: error,
    });
  }
}
