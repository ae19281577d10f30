import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DatabaseLockedError, openEmbeddedDb } from "@/lib/db/engine/client";
import { acquireDataDirLock, LOCK_FILE, readLockOwner } from "@/lib/db/engine/lock";

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-lock-"));
  dirs.push(dir);
  return dir;
}

/** The environment of a child on the embedded database in `dataDir`. */
function childEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SWITCHBOARD_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return env;
}

/** Starts a child that owns the folder; resolves with it once it printed "ready <pid>". */
function startOwner(dataDir: string): Promise<ChildProcess> {
  const child = spawn("npx", ["tsx", "tests/integration/db/fixtures/hold-embedded.ts"], {
    env: childEnv(dataDir),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("ready")) resolve(child);
    });
    child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`owner exited with ${code}: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

describe("the embedded data folder lock", () => {
  it(
    "refuses a second owner with the owner's pid, and frees the folder on SIGTERM",
    { timeout: 180_000 },
    async () => {
      const dataDir = tempDataDir();
      const owner = await startOwner(dataDir);
      // npx may wrap tsx in further processes: the lock holds the pid of the one that opened it.
      const ownerPid = readLockOwner(dataDir);
      expect(ownerPid).not.toBeNull();

      const error = await openEmbeddedDb(dataDir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseLockedError);
      const message = (error as Error).message;
      expect(message).toContain(dataDir);
      expect(message).toContain(`pid ${ownerPid}`);
      expect(message).not.toContain("\n");

      // `npm run db:migrate` on the same folder stops with that one line, not a stack trace.
      const migrate = spawnSync("npx", ["tsx", "scripts/db-migrate.ts"], {
        env: childEnv(dataDir),
        encoding: "utf8",
      });
      expect(migrate.status).toBe(1);
      expect(migrate.stderr).toContain(`pid ${ownerPid}`);
      expect(migrate.stderr).not.toMatch(/\n\s+at /);

      // Signal the process that owns the database (npx's wrapper may not forward signals).
      process.kill(ownerPid!, "SIGTERM");
      await exited(owner);
      expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
      const reopened = await openEmbeddedDb(dataDir);
      await reopened.close();
    },
  );

  it("takes over a lock left by a dead process", () => {
    const dataDir = tempDataDir();
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    const deadPid = Number(dead.stdout);
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), `${deadPid}\n`);
    const lock = acquireDataDirLock(dataDir);
    expect(readLockOwner(dataDir)).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it("refuses another process while this one holds the folder", () => {
    const dataDir = tempDataDir();
    const lock = acquireDataDirLock(dataDir);
    const child = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `import("./lib/db/engine/lock.ts").then(m => m.acquireDataDirLock(${JSON.stringify(dataDir)}))`,
      ],
      { encoding: "utf8", env: childEnv(dataDir) },
    );
    expect(child.status).not.toBe(0);
    expect(child.stderr).toContain(`pid ${process.pid}`);
    lock.release();
  });
});
