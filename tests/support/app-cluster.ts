import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createPostgresDb, type DbHandle } from "@/lib/db/engine/client";
import { migrateDatabase, quoteIdent } from "@/lib/db/engine/migrate";
import { freePort, spawnServerProcess, type ServerProcess } from "./app-server";

/**
 * Several `npm start` processes on ONE Postgres database, as a scale-out deployment runs them
 * behind a load balancer: the database is created and migrated here, every instance gets the same
 * secrets and its own port, instance id and (unused) data folder. Postgres only: PGlite is one
 * process by design.
 */
export interface ClusterInstance {
  /** SWITCHBOARD_INSTANCE_ID (budget leases carry it). */
  id: string;
  url: string;
  process: ServerProcess;
}

export interface AppCluster {
  databaseUrl: string;
  /** A handle of the test's own on the shared database (fixtures, console writes, checks). */
  handle: DbHandle;
  instances: ClusterInstance[];
  /** Starts one more instance (e.g. to replace a killed one). */
  addInstance(): Promise<ClusterInstance>;
  close(): Promise<void>;
}

export interface AppClusterOptions {
  /** Postgres URL whose server hosts the new database (its path is replaced). */
  adminUrl: string;
  size: number;
  /** Extra environment for every instance. */
  env?: Record<string, string>;
  /** Database name prefix (default `sb_cluster`). */
  prefix?: string;
}

export async function startAppCluster(options: AppClusterOptions): Promise<AppCluster> {
  const name = `${options.prefix ?? "sb_cluster"}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: options.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  await admin.end();
  const u = new URL(options.adminUrl);
  u.pathname = `/${name}`;
  const databaseUrl = u.toString();
  await migrateDatabase({ target: { kind: "postgres", url: databaseUrl } });
  const handle = createPostgresDb(databaseUrl, { max: 8 });

  const shared: Record<string, string> = {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    SWITCHBOARD_SEED: "none",
    SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    NEXTAUTH_SECRET: randomBytes(24).toString("base64"),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    // One process per instance: an instance here is what a load balancer sees as one backend.
    SWITCHBOARD_WORKERS: "1",
    ...options.env,
  };
  const folders: string[] = [];
  const instances: ClusterInstance[] = [];
  let started = 0;

  async function addInstance(): Promise<ClusterInstance> {
    const id = `${name}-i${started++}`;
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-cluster-"));
    folders.push(dataDir);
    const proc = await spawnServerProcess({
      ...process.env,
      ...shared,
      PORT: String(port),
      SWITCHBOARD_INSTANCE_ID: id,
      SWITCHBOARD_DATA_DIR: dataDir,
    });
    const instance = { id, url: `http://127.0.0.1:${port}`, process: proc };
    instances.push(instance);
    return instance;
  }

  try {
    // In parallel: the app is already built, the database already migrated.
    await Promise.all(Array.from({ length: options.size }, addInstance));
  } catch (error) {
    await Promise.all(instances.map((i) => i.process.stop()));
    throw error;
  }
  // Ready order is not start order: keep instances in id order (i0, i1, …).
  instances.sort((a, b) => a.id.localeCompare(b.id));

  return {
    databaseUrl,
    handle,
    instances,
    addInstance,
    async close() {
      await Promise.all(instances.map((i) => i.process.stop()));
      await handle.close().catch(() => {});
      const c = new pg.Client({ connectionString: options.adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch(() => {});
      await c.end();
      for (const f of folders) fs.rmSync(f, { recursive: true, force: true });
    },
  };
}
