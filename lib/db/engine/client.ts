import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { loadEnv, type Env } from "../../env";
import { processSingleton } from "../../process-registry";
import { PrismaClient } from "../generated/client";
import { acquireDataDirLock } from "./lock";
import { registerDriver } from "./raw-sql";

export { Prisma } from "../generated/client";
export type { PrismaClient } from "../generated/client";
export { DatabaseLockedError } from "./lock";

/** The PGlite data files live in a subfolder, beside the lock file and secrets.json. */
export const PGLITE_SUBDIR = "pgdata";

/** An open database: the Prisma client plus what closing it needs. */
export type DbHandle =
  | { kind: "postgres"; prisma: PrismaClient; pool: pg.Pool; close(): Promise<void> }
  | { kind: "pglite"; prisma: PrismaClient; pglite: PGlite; close(): Promise<void> };

export type PostgresOptions = {
  /** Use this schema instead of `public` (tests use one fresh schema per file). */
  schema?: string;
  /** Pool size; pg's default is 10. */
  max?: number;
};

/** A Prisma client on real Postgres through a pg pool. */
export function createPostgresDb(url: string, options: PostgresOptions = {}): DbHandle {
  const { schema, max } = options;
  const pool = new pg.Pool({
    connectionString: url,
    ...(max === undefined ? {} : { max }),
    // JIT off: where a plan's estimate crosses jit_above_cost (large rollup tables), compiling the
    // overview's wide aggregates (23 histogram sums) added 0.1–1.2 s to a 0.45 s query, on every
    // run (docs/benchmarks.md, "Console overview at scale"). Raw SQL ($queryRaw)
    // resolves unqualified names through search_path; Prisma's own queries are qualified by the
    // adapter's `schema` option.
    options: schema === undefined ? "-c jit=off" : `-c jit=off -c search_path="${schema}"`,
  });
  // An idle client whose server went away emits "error" on the pool; unhandled, that would end
  // the process. The next query reconnects (or fails and is handled by its caller).
  pool.on("error", (error) => {
    console.error(`[db] idle Postgres connection lost: ${error.message}`);
  });
  // The pool listens only while a client is idle in it: one checked out (a transaction between
  // two statements, a COPY) that loses its socket emits "error" on the client itself, which
  // would otherwise be an uncaughtException. The query in flight, if any, fails on its own.
  pool.on("connect", (client) => {
    client.on("error", (error) => {
      console.error(`[db] Postgres connection lost: ${error.message}`);
    });
  });
  const adapter = new PrismaPg(pool, schema === undefined ? undefined : { schema });
  const prisma = new PrismaClient({ adapter });
  registerDriver(prisma, { kind: "postgres", pool });
  let closed = false;
  return {
    kind: "postgres",
    prisma,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** Opens PGlite on a folder (created if needed) or `memory://` for a throwaway database. */
export async function openPglite(dataDir: string): Promise<PGlite> {
  return PGlite.create(dataDir);
}

/** A Prisma client on an open PGlite; `onClose` runs after PGlite is closed. */
export function createPgliteDb(pglite: PGlite, onClose?: () => void): DbHandle {
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  registerDriver(prisma, { kind: "pglite", pglite });
  let closed = false;
  return {
    kind: "pglite",
    prisma,
    pglite,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await prisma.$disconnect();
        // A clean close flushes PGlite's state; a killed process leaves the folder to recover.
        if (!pglite.closed) await pglite.close();
      } finally {
        onClose?.();
      }
    },
  };
}

/**
 * Opens the embedded database of `dataDir` for this process, taking the folder's lock first
 * (throws `DatabaseLockedError` when another live process owns it).
 */
export async function openEmbeddedDb(dataDir: string): Promise<DbHandle> {
  const lock = acquireDataDirLock(dataDir);
  try {
    const pglite = await openPglite(path.join(dataDir, PGLITE_SUBDIR));
    return createPgliteDb(pglite, () => lock.release());
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Opens the database the environment names: Postgres with DATABASE_URL, else embedded PGlite. */
export async function createDb(env: Pick<Env, "DATABASE_URL" | "dataDir">): Promise<DbHandle> {
  if (env.DATABASE_URL !== undefined) return createPostgresDb(env.DATABASE_URL);
  return openEmbeddedDb(env.dataDir);
}

type DbSlot = { pending: Promise<DbHandle> | null };

/** One mutable slot on globalThis, so every copy of this module sees the same handle. */
function slot(): DbSlot {
  return processSingleton<DbSlot>("db", () => ({ pending: null }));
}

/**
 * The process-wide database handle (shared by the custom server and Next's bundle through
 * globalThis). A failed open is forgotten so a later call can retry.
 */
export function getDbHandle(): Promise<DbHandle> {
  const s = slot();
  if (s.pending === null) {
    const pending = createDb(loadEnv()).catch((error: unknown) => {
      if (s.pending === pending) s.pending = null;
      throw error;
    });
    s.pending = pending;
  }
  return s.pending;
}

/** The process-wide Prisma client. Raw SQL ($queryRaw, $executeRaw) and $transaction are on it. */
export async function getDb(): Promise<PrismaClient> {
  return (await getDbHandle()).prisma;
}

/** True when this process has opened (or is opening) the process-wide database. */
export function isDbOpen(): boolean {
  return slot().pending !== null;
}

/** Closes the process-wide database (PGlite cleanly, releasing the folder's lock). Idempotent. */
export async function closeDb(): Promise<void> {
  const s = slot();
  const pending = s.pending;
  s.pending = null;
  if (pending === null) return;
  const handle = await pending.catch(() => null);
  await handle?.close();
}

/**
 * On SIGINT/SIGTERM, close the database before exiting (a killed PGlite loses cached sequence
 * values and leaves its folder to recover). Call it from the server's entry point; idempotent.
 */
export function installShutdownHooks(options: { exit?: boolean } = {}): void {
  processSingleton("db-shutdown-hooks", () => {
    const onSignal = (signal: NodeJS.Signals): void => {
      const code = signal === "SIGINT" ? 130 : 143;
      void closeDb()
        .catch((error: unknown) => console.error("closing the database failed:", error))
        .finally(() => {
          if (options.exit !== false) process.exit(code);
        });
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    return true;
  });
}
