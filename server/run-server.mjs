/**
 * `npm start` entry: compiles `server/start.ts` and the `lib/` code it imports into one ES module
 * (esbuild, ~0.2 s; packages stay external) and runs it with plain Node. Running the server
 * through a TypeScript loader instead costs CPU on every request: the loader's transform wraps
 * each closure in a naming helper, and the fast path creates closures per request (measured in
 * docs/benchmarks.md). Extra Node flags pass through: `node --cpu-prof server/run-server.mjs`.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outfile = path.join(root, "node_modules", ".cache", "switchboard", "start.mjs");

const result = await build({
  absWorkingDir: root,
  write: false,
  entryPoints: ["server/start.ts"],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  tsconfig: "tsconfig.json",
  sourcemap: "linked",
  // Bundled CommonJS helpers may call require(): give the module one.
  banner: {
    js: "import { createRequire as __sbCreateRequire } from 'node:module'; const require = __sbCreateRequire(import.meta.url);",
  },
  logLevel: "warning",
});
// Several servers may start at once (parallel test files): write aside, then rename atomically.
fs.mkdirSync(path.dirname(outfile), { recursive: true });
for (const file of [...result.outputFiles].sort((a, b) => b.path.length - a.path.length)) {
  const tmp = `${file.path}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, file.contents);
  fs.renameSync(tmp, file.path);
}

process.env.SWITCHBOARD_ROOT = root;
await import(pathToFileURL(outfile).href);
