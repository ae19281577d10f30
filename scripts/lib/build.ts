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
  const built = fs.statSync(buildId).mtimeMs;
  const newest = Math.max(...[...SOURCES, ...FILES].map((s) => newestMtime(root, s)));
  return newest <= built;
}

/** Runs `next build` when the build is missing or stale. Returns false when the build failed. */
export function ensureBuilt(root: string, log: (line: string) => void): boolean {
  if (isBuildFresh(root)) return true;
  log("Building the app (first start or sources changed; ~30–60 s)…");
  const started = Date.now();
  const nextBin = path.join(root, "node_modules", ".bin", "next");
  const res = spawnSync(nextBin, ["build"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (res.status !== 0) return false;
  log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}
