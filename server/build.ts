import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** The Next build folder (next.config.mjs reads the same variable). */
export function distDir(): string {
  return process.env.SWITCHBOARD_NEXT_DIST_DIR || ".next";
}

const SOURCES = ["app", "components", "lib", "public"];
const FILES = ["next.config.mjs", "package-lock.json", "tsconfig.json", "prisma/schema.prisma"];

function newestMtime(root: string, rel: string): number {
  const p = path.join(root, rel);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(root, path.join(rel, entry.name)));
  }
  return newest;
}

/** True when `.next` holds a production build newer than every source file. */
export function isBuildFresh(root: string): boolean {
  const buildId = path.join(root, distDir(), "BUILD_ID");
  if (!fs.existsSync(buildId)) return false;
  // Benchmarks and profiling of lib/ code (which `npm start` loads from source) may keep a build.
  if (process.env.SWITCHBOARD_KEEP_BUILD === "1") return true;
  const built = fs.statSync(buildId).mtimeMs;
  const newest = Math.max(...[...SOURCES, ...FILES].map((s) => newestMtime(root, s)));
  return newest <= built;
}

/**
 * Runs `next build` when the build is missing or stale. When another build of this checkout is
 * already running (a test run's global setup, a second `npm start`), waits for it instead.
 * Returns false when the build failed.
 */
export function ensureBuilt(root: string, log: (line: string) => void): boolean {
  // Next holds an OS lock on <distDir>/lock while building; we can only learn of it by trying.
  for (let attempt = 0; attempt < 120; attempt++) {
    if (isBuildFresh(root)) return true;
    if (attempt === 0) log("Building the app (first start or sources changed; ~30–60 s)…");
    const started = Date.now();
    const res = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    });
    const output = `${res.stdout ?? ""}${res.stderr ?? ""}`;
    if (res.status === 0) {
      log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      return true;
    }
    if (!output.includes("Another next build process is already running")) {
      process.stderr.write(output);
      return false;
    }
    if (attempt === 0) log("Another build of this checkout is running; waiting for it…");
    sleepSync(5000);
  }
  return isBuildFresh(root);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
