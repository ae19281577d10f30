import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { SERVER_NODE_FLAGS } from "../../server/server-flags";

export interface AppServer {
  url: string;
  apiKey: string | null;
  login: { email: string; password: string } | null;
  output: () => string;
  /** The server's process id (signal it to test shutdown) and how it exited, once it has. */
  pid: number;
  exited: Promise<number | string>;
  /** Where its data lives: the Postgres database (DATABASE_URL runs) or the PGlite folder. */
  databaseUrl: string | null;
  dataDir: string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `npm start`'s entry point in a child process on a free port, on a fresh database:
 * a new Postgres database when DATABASE_URL is set, else a temporary PGlite folder, seeded with the
 * demo on both (`SWITCHBOARD_SEED: "none"` in `extraEnv` to start empty). Demo seeding can be made
 * small for speed with `SWITCHBOARD_DEMO_HISTORY_DAYS`.
 */
export async function startAppServer(
  extraEnv: Record<string, string> = {},
  options: {
    /** Rewrites the app's Postgres URL (e.g. through a TCP proxy a test can cut). */
    databaseUrl?: (url: URL) => URL;
  } = {},
): Promise<AppServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-app-"));
  let dropDatabase: (() => Promise<void>) | null = null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    SWITCHBOARD_DATA_DIR: dataDir,
    NODE_ENV: "production",
    // Production on an external database requires real keys (lib/env.ts); tests bring throwaway ones.
    SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    NEXTAUTH_SECRET: randomBytes(24).toString("base64"),
    // One process, as before workers existed (tests that want more pass SWITCHBOARD_WORKERS).
    SWITCHBOARD_WORKERS: "1",
    // Every app test starts from the demo; on Postgres it is no longer the default (lib/env.ts).
    SWITCHBOARD_SEED: "demo",
    ...extraEnv,
  };
  if (process.env.DATABASE_URL) {
    const name = `sb_app_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    env.DATABASE_URL = (options.databaseUrl?.(u) ?? u).toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await c.end();
    };
  }
  const server = await spawnServerProcess(env);
  const out = server.output();
  const loginMatch = /Console login:\s+(\S+) \/ (\S+)/.exec(out);
  const keyMatch = /Demo API key:\s+(sk-sb-\S+)/.exec(out);
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey: keyMatch?.[1] ?? null,
    login: loginMatch ? { email: loginMatch[1]!, password: loginMatch[2]! } : null,
    output: server.output,
    pid: server.pid,
    exited: server.exited,
    databaseUrl: env.DATABASE_URL ?? null,
    dataDir,
    stop: async () => {
      await server.stop();
      await dropDatabase?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One running server process (`server/run-server.mjs`). */
export interface ServerProcess {
  pid: number;
  output: () => string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** Sends a signal (SIGKILL to simulate a crash, SIGTERM for a graceful stop). */
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/**
 * Spawns `npm start`'s entry point with this environment and resolves once it prints its banner
 * (the app is built and listening). Several may run at once on one database (scale-out tests).
 */
export async function spawnServerProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, path.resolve("server/run-server.mjs")],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`app did not start in time:\n${out}`)),
      240_000,
    );
    const check = (): void => {
      if (out.includes("Switchboard is running at")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}:\n${out}`));
    });
  });
  return {
    pid: child.pid ?? 0,
    output: () => out,
    exited,
    kill: (signal) => void child.kill(signal),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
