// Global setup for integration and browser tests: on Postgres, drop per-file test schemas that
// killed runs left behind (only old ones: other runs may be going on against the same database);
// on PGlite, make one empty data-folder tarball so each test file skips initdb.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";

const STALE_SECONDS = 6 * 60 * 60;

async function dropStaleSchemas(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'sbt\\_%'`,
    );
    const now = Date.now() / 1000;
    for (const { nspname } of rows) {
      const stamp = Number(nspname.split("_")[1]);
      if (Number.isFinite(stamp) && now - stamp > STALE_SECONDS)
        await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
    }
  } finally {
    await client.end();
  }
}

async function makePgliteTemplate(): Promise<{ file: string; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-pglite-"));
  const db = await PGlite.create("memory://");
  const dump = await db.dumpDataDir("none");
  await db.close();
  const file = path.join(dir, "template.tar");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  return { file, dir };
}

export default async function setup(project: TestProject): Promise<() => void> {
  const url = process.env.DATABASE_URL;
  if (url) {
    await dropStaleSchemas(url);
    project.provide("pgliteTemplate", "");
    return () => {};
  }
  const template = await makePgliteTemplate();
  project.provide("pgliteTemplate", template.file);
  return () => fs.rmSync(template.dir, { recursive: true, force: true });
}
