import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPgliteDb, createPostgresDb } from "@/lib/db/engine/client";
import { migrateDatabase, MigrationError, type MigrationTarget } from "@/lib/db/engine/migrate";
import { defaultMigrationsDir, readMigrations } from "@/lib/db/engine/migration-files";
import { migrationStatus } from "@/lib/db/engine/migration-status";
import {
  createEmptyTestTarget,
  dropSchema,
  newTestSchemaName,
  testDatabaseUrl,
} from "../../support/db";

const disposers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const dispose of disposers.reverse()) await dispose();
});

async function emptyTarget(): Promise<MigrationTarget> {
  const { target, dispose } = await createEmptyTestTarget();
  disposers.push(dispose);
  return target;
}

/** A copy of the committed migrations plus extra folders, in a temp dir. */
function migrationsWith(extra: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-migrations-"));
  fs.cpSync(defaultMigrationsDir(), dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  disposers.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function statusDb(target: MigrationTarget) {
  const handle =
    target.kind === "pglite"
      ? createPgliteDb(target.pglite)
      : createPostgresDb(target.url, { schema: target.schema, max: 1 });
  // The PGlite belongs to the target; only disconnect Prisma.
  disposers.push(() => (target.kind === "pglite" ? handle.prisma.$disconnect() : handle.close()));
  return handle.prisma;
}

describe("migrateDatabase", () => {
  const committed = readMigrations();

  it("applies every migration once and is idempotent", async () => {
    const target = await emptyTarget();
    const first = await migrateDatabase({ target });
    expect(first.applied).toEqual(committed.map((m) => m.name));
    const second = await migrateDatabase({ target });
    expect(second.applied).toEqual([]);
    expect(second.skipped).toBe(committed.length);
    const status = await migrationStatus({ db: statusDb(target) });
    expect(status).toMatchObject({ reachable: true, upToDate: true, pending: [], modified: [] });
  });

  it("reports pending migrations before migrating", async () => {
    const target = await emptyTarget();
    const status = await migrationStatus({ db: statusDb(target) });
    expect(status.reachable).toBe(true);
    expect(status.upToDate).toBe(false);
    expect(status.pending).toEqual(committed.map((m) => m.name));
  });

  it("refuses a migration edited after it was applied", async () => {
    const target = await emptyTarget();
    const dir = migrationsWith({ "29990101000000_extra": 'CREATE TABLE "sb_extra" (id int);\n' });
    await migrateDatabase({ target, migrationsDir: dir });
    fs.appendFileSync(path.join(dir, "29990101000000_extra", "migration.sql"), "-- edited\n");
    await expect(migrateDatabase({ target, migrationsDir: dir })).rejects.toThrow(
      /29990101000000_extra was edited after it was applied/,
    );
  });

  it("rolls back a failing migration completely and records nothing", async () => {
    const target = await emptyTarget();
    const dir = migrationsWith({
      "29990101000000_broken": 'CREATE TABLE "sb_half" (id int);\nSELECT * FROM "no_such_table";\n',
    });
    const error = await migrateDatabase({ target, migrationsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(String(error)).toMatch(/29990101000000_broken failed and was rolled back/);
    const db = statusDb(target);
    const half = await db.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM pg_tables WHERE tablename = 'sb_half'`,
    );
    expect(Number(half[0]?.n)).toBe(0);
    const status = await migrationStatus({ db, migrationsDir: dir });
    expect(status.pending).toEqual(["29990101000000_broken"]);
  });

  it("keeps $$ bodies intact (no naive splitting on semicolons)", async () => {
    const target = await emptyTarget();
    const dir = migrationsWith({
      "29990101000000_fn":
        "CREATE FUNCTION sb_answer() RETURNS int AS $$ BEGIN RETURN 42; END; $$ LANGUAGE plpgsql;\n",
    });
    await migrateDatabase({ target, migrationsDir: dir });
    const rows = await statusDb(target).$queryRawUnsafe<{ v: number }[]>("SELECT sb_answer() AS v");
    expect(rows[0]?.v).toBe(42);
  });
});

describe.runIf(testDatabaseUrl())("migrateDatabase on Postgres", () => {
  it("applies each migration once under concurrent runs", async () => {
    const url = testDatabaseUrl()!;
    const schema = newTestSchemaName();
    disposers.push(() => dropSchema(url, schema));
    const target: MigrationTarget = { kind: "postgres", url, schema };
    const runs = await Promise.all([1, 2, 3, 4].map(() => migrateDatabase({ target })));
    const applied = runs.flatMap((r) => r.applied);
    expect(applied.sort()).toEqual(
      readMigrations()
        .map((m) => m.name)
        .sort(),
    );
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ migration_name: string; n: string }>(
      `SELECT migration_name, count(*) AS n FROM "${schema}"."_prisma_migrations" GROUP BY 1`,
    );
    await client.end();
    expect(rows.every((r) => r.n === "1")).toBe(true);
    expect(rows).toHaveLength(readMigrations().length);
  });
});

describe.skipIf(testDatabaseUrl())("migrateDatabase on PGlite", () => {
  it("migrates a file-backed folder and reopens it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-pgdata-"));
    disposers.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const first = await PGlite.create(dir);
    const started = performance.now();
    await migrateDatabase({ target: { kind: "pglite", pglite: first } });
    console.info(`migrate on fresh PGlite folder: ${Math.round(performance.now() - started)} ms`);
    await first.close();
    const again = await PGlite.create(dir);
    const result = await migrateDatabase({ target: { kind: "pglite", pglite: again } });
    expect(result.applied).toEqual([]);
    await again.close();
  });
});
