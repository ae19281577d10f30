import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineModule from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { readMigrations } from "./migration-files";

/**
 * Migration SQL without Prisma's native engine: the schema engine as WebAssembly, diffing on an
 * in-memory PGlite (never on real Postgres: see docs/database.md). Development-time only
 * (`npm run db:migration`, the drift test); the app never loads it.
 */
let wasmReady: Promise<void> | undefined;

function initWasm(): Promise<void> {
  // Importing the package root fails on Node 20 (.wasm imports); instantiate it as Prisma's
  // own loader does, once per process.
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const jsPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await fs.promises.readFile(
      path.join(path.dirname(jsPath), "schema_engine_bg.wasm"),
    );
    const compiled = await WebAssembly.compile(bytes);
    const instance = await WebAssembly.instantiate(compiled, {
      "./schema_engine_bg.js": engineModule as unknown as WebAssembly.ModuleImports,
    });
    engineModule.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

export type SchemaDiff = {
  /** True when the schema differs from what the migrations build. */
  changed: boolean;
  /** Migration SQL taking the migrations' end state to the schema (meaningful when changed). */
  sql: string;
};

export type DiffOptions = {
  /** Folder of migration folders; default `prisma/migrations` under the working directory. */
  migrationsDir?: string;
  /** Default `prisma/schema.prisma` under the working directory. */
  schemaPath?: string;
};

function migrationList(migrationsDir: string): MigrationList {
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: readMigrations(migrationsDir).map((m) => ({
      path: m.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } },
    })),
  };
}

/** Diffs the migration history (replayed on a shadow PGlite) against schema.prisma. */
export async function diffMigrationsToSchema(options: DiffOptions = {}): Promise<SchemaDiff> {
  const migrationsDir = path.resolve(options.migrationsDir ?? "prisma/migrations");
  const schemaPath = path.resolve(options.schemaPath ?? "prisma/schema.prisma");
  const schema = fs.readFileSync(schemaPath, "utf8");
  await initWasm();
  const pglite = new PGlite("memory://");
  let engine: SchemaEngine | undefined;
  try {
    // One PGlite serves as both the main and the shadow database (the adapter's own shadow is
    // a second in-memory PGlite it never closes): one initdb less, nothing left running.
    const base = new PrismaPGlite(pglite);
    const factory = bindMigrationAwareSqlAdapterFactory({
      provider: base.provider,
      adapterName: base.adapterName,
      connect: () => base.connect(),
      connectToShadowDb: () => base.connect(),
    });
    engine = await engineModule.SchemaEngine.new(
      { datamodels: [[schemaPath, schema]] },
      () => {},
      factory,
    );
    const list = migrationList(migrationsDir);
    const result = await engine.diff({
      from:
        list.migrationDirectories.length > 0 ? { tag: "migrations", ...list } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    // exitCode 2 = changes; with none, stdout is "-- This is an empty migration." (not empty).
    return { changed: result.exitCode === 2, sql: result.stdout ?? "" };
  } finally {
    engine?.free();
    await pglite.close();
  }
}
