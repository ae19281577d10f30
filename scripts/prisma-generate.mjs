// Runs `prisma generate` without Prisma's native engine (unreachable here and on many networks):
// the generated `prisma-client` never needs it, so we point the CLI at /bin/false.
// Skips the work when the generated client is newer than the schema.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const schema = path.join(root, "prisma/schema.prisma");
const marker = path.join(root, "lib/db/generated/client.ts");

if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(schema).mtimeMs) process.exit(0);

const bin = path.join(root, "node_modules/.bin/prisma");
const res = spawnSync(bin, ["generate", "--schema", schema], {
  cwd: root,
  stdio: ["ignore", "pipe", "pipe"],
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
if (res.error) {
  // No CLI to run (node_modules not installed yet): say so instead of a stream error.
  console.error(
    `prisma generate could not start ${bin}: ${res.error.message}; run npm install first`,
  );
  process.exit(1);
}
if (res.status !== 0) {
  if (res.stdout) process.stderr.write(res.stdout);
  if (res.stderr) process.stderr.write(res.stderr);
  console.error("prisma generate failed (see above)");
  process.exit(res.status ?? 1);
}
