import fs from "node:fs";
import path from "node:path";

/**
 * PGlite is one connection inside one process and has no cross-process locking, so exactly one
 * process may own an embedded data folder. The owner keeps its pid in `<dataDir>/switchboard.lock`.
 */
export const LOCK_FILE = "switchboard.lock";

export class DatabaseLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Switchboard process (pid ${ownerPid}); ` +
        `stop that process or set SWITCHBOARD_DATA_DIR to another folder.`,
    );
    this.name = "DatabaseLockedError";
  }
}

export type DataDirLock = {
  readonly dataDir: string;
  readonly file: string;
  /** Removes the lock file if this process still owns it. Idempotent. */
  release(): void;
};

/** True when a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid recorded in the folder's lock file, or null when there is none (or it is unreadable). */
export function readLockOwner(dataDir: string): number | null {
  try {
    const text = fs.readFileSync(path.join(dataDir, LOCK_FILE), "utf8");
    const pid = Number.parseInt(text.trim().split(/\s+/)[0] ?? "", 10);
    return Number.isInteger(pid) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * The pid of a live process other than this one holding the folder, or null when it is free
 * (no lock file, or a stale one left by a dead process).
 */
export function findLiveOwner(dataDir: string): number | null {
  const owner = readLockOwner(dataDir);
  if (owner === null || owner === process.pid) return null;
  return isProcessAlive(owner) ? owner : null;
}

/**
 * Takes the folder's lock or throws `DatabaseLockedError` naming the live owner's pid. A lock
 * left by a dead process (or by an earlier life of this pid) is taken over.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const content = `${process.pid}\n${new Date().toISOString()}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // O_EXCL: of two processes racing for a free folder, exactly one creates the file.
      fs.writeFileSync(file, content, { flag: "wx", mode: 0o644 });
      return makeLock(dataDir, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readLockOwner(dataDir);
    if (owner !== null && owner !== process.pid && isProcessAlive(owner))
      throw new DatabaseLockedError(dataDir, owner);
    // Stale: its owner is gone. Remove it and race again for a fresh O_EXCL create.
    fs.rmSync(file, { force: true });
  }
  const owner = readLockOwner(dataDir);
  throw new DatabaseLockedError(dataDir, owner ?? -1);
}

function makeLock(dataDir: string, file: string): DataDirLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off("exit", release);
    if (readLockOwner(dataDir) === process.pid) fs.rmSync(file, { force: true });
  };
  // Last resort for exits that skip closeDb(): never leave our own pid behind.
  process.on("exit", release);
  return { dataDir, file, release };
}
