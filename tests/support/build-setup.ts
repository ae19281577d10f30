// Global setup of the projects whose tests start the app (`tests/support/app-server.ts`): build it
// once up front, so parallel test files never race to run `next build`.
import path from "node:path";
import { ensureBuilt } from "../../server/build";

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, "../..");
  if (!ensureBuilt(root, (line) => console.log(`[test setup] ${line}`)))
    throw new Error("next build failed: the app tests cannot run");
}
