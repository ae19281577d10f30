import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");
// `server-only` (lib/console's marker) throws when imported outside Next's server bundles.
const alias = { "@": root, "server-only": path.join(root, "tests/support/server-only.ts") };

// Three projects: pure unit tests (beside the code and in tests/unit), integration tests against
// a real database and real HTTP servers, and browser journeys in real Chromium.
export default defineConfig({
  root,
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          root,
          include: ["lib/**/*.test.ts", "tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          root,
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ["tests/support/global-setup.ts", "tests/support/build-setup.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "browser",
          root,
          include: ["tests/browser/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          globalSetup: ["tests/support/global-setup.ts", "tests/support/build-setup.ts"],
        },
      },
    ],
  },
});
