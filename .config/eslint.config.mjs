import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

import { layersConfig } from "./eslint-layers.mjs";

const config = [
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".next-*/**",
      ".tmp-*/**",
      ".data/**",
      ".test-data/**",
      "lib/db/generated/**",
      "next-env.d.ts",
      "test-results/**",
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read the environment through lib/env.ts." },
      ],
    },
  },
  {
    // Entry points that legitimately read the environment or run outside the app.
    files: [
      "lib/env.ts",
      "scripts/**",
      "server/**",
      "bench/**",
      "tests/**",
      ".config/**",
      "*.config.*",
      ".ci/**",
    ],
    rules: { "no-restricted-properties": "off" },
  },
  // The import rule: one allow-list per layer (.config/eslint-layers.mjs, docs/architecture.md).
  layersConfig,
  {
    // Source files stay readable in one sitting: split a file before it passes 300 lines.
    files: ["lib/**", "app/**", "components/**", "server/**", "scripts/**", "bench/**"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: { "max-lines": ["error", { max: 300 }] },
  },
  {
    // The pure engine takes values: clock, randomness and I/O are injected (its imports are
    // limited by the layer table, node:* included).
    files: ["lib/router/**", "lib/scoring/**", "lib/decision-log/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-globals": ["error", { name: "fetch", message: "The engine never does I/O." }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: "Inject the clock.",
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "Inject the clock.",
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: "Inject the random source.",
        },
      ],
    },
  },
];
export default config;
