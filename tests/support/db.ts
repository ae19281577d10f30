// Test databases: with DATABASE_URL, a fresh uniquely named schema per test file on that
// Postgres; without it, an in-memory PGlite. Both are migrated with the real runner. Tests still
// create their own tenant (never assume an empty database): the schema may be shared by every
// test of a file.
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, inject } from "vitest";
import {
  createPgliteDb,
  createPostgresDb,
  type DbHandle,
  type PrismaClient,
} from "@/lib/db/engine/client";
import { migrateDatabase, quoteIdent, type MigrationTarget } from "@/lib/db/engine/migrate";

/** Prefix of per-file schemas; global-setup drops old ones left by killed runs. */
export const TEST_SCHEMA_PREFIX = "sbt_";

export function testDatabaseUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  return url === undefined || url === "" ? undefined : url;
}

export const testDatabaseKind: "postgres" | "pglite" = testDatabaseUrl() ? "postgres" : "pglite";

/** A short unique suffix for slugs, schema names and folders. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;
}

/** `sbt_<unix seconds>_<random>`: the timestamp lets global-setup find abandoned schemas. */
export function newTestSchemaName(): string {
  return `${TEST_SCHEMA_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(5).toString("hex")}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

/** An empty PGlite, from the template global-setup made (initdb skipped) when there is one. */
async function newPglite(): Promise<PGlite> {
  const template = inject("pgliteTemplate");
  if (!template) return PGlite.create("memory://");
  const { readFile } = await import("node:fs/promises");
  const blob = new Blob([await readFile(template)]);
  return PGlite.create({ loadDataDir: blob });
}

/**
 * An empty database (not migrated) and a way to dispose of it: a fresh schema on Postgres, an
 * in-memory PGlite otherwise. For tests of the migration runner itself.
 */
export async function createEmptyTestTarget(): Promise<{
  target: MigrationTarget;
  dispose(): Promise<void>;
}> {
  const url = testDatabaseUrl();
  if (url) {
    const schema = newTestSchemaName();
    return { target: { kind: "postgres", url, schema }, dispose: () => dropSchema(url, schema) };
  }
  const pglite = await newPglite();
  return { target: { kind: "pglite", pglite }, dispose: () => pglite.close() };
}

/** A migrated database of its own (schema or PGlite), for a test file or a single test. */
export async function createTestDb(): Promise<DbHandle> {
  const url = testDatabaseUrl();
  if (url) {
    const schema = newTestSchemaName();
    await migrateDatabase({ target: { kind: "postgres", url, schema } });
    const handle = createPostgresDb(url, { schema, max: 4 });
    return {
      ...handle,
      async close() {
        await handle.close();
        await dropSchema(url, schema);
      },
    };
  }
  const pglite = await newPglite();
  await migrateDatabase({ target: { kind: "pglite", pglite } });
  return createPgliteDb(pglite);
}

let shared: Promise<DbHandle> | undefined;

/** The migrated database of this test file (created once per file; modules are per file). */
export async function getTestDbHandle(): Promise<DbHandle> {
  shared ??= createTestDb();
  return shared;
}

export async function getTestDb(): Promise<PrismaClient> {
  return (await getTestDbHandle()).prisma;
}

/** Closes this file's database and drops its schema. */
export async function closeTestDb(): Promise<void> {
  const pending = shared;
  shared = undefined;
  if (pending) await (await pending).close();
}

/** Call at the top of a test file: returns `getTestDb` and closes the database after the file. */
export function setupTestDb(): () => Promise<PrismaClient> {
  afterAll(closeTestDb);
  return getTestDb;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of a PGlite data-folder tarball right after initdb (empty string: none). */
    pgliteTemplate: string;
  }
}

/**
 * Alias of `setupTestDb` for files already using it. Prefer `setupTestDb`: lint's React rules
 * treat `use*` calls at a file's top level as misplaced hooks.
 */
export const useTestDb = setupTestDb;
