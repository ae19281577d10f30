import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * The import rule of docs/ARCHITECTURE: each layer lists what it may not import.
 * `lib/router` is pure: no framework, no database, no network, no env, no clock.
 */
const restrict = (files, patterns, extra = {}) => ({
  files,
  rules: {
    "no-restricted-imports": ["error", { patterns }],
    ...extra,
  },
});

const NEXT = {
  group: ["next", "next/*", "next-auth", "next-auth/*"],
  message: "This layer may not import Next.",
};
const PRISMA = {
  group: ["@prisma/*", "**/generated/**", "pg", "@electric-sql/*", "pglite-prisma-adapter"],
  message: "Only lib/db imports Prisma and drivers.",
};
const DB = {
  group: ["@/lib/db", "@/lib/db/*", "**/lib/db/**"],
  message: "This layer may not import lib/db.",
};
const GATEWAY = {
  group: ["@/lib/gateway", "@/lib/gateway/*"],
  message: "Pages may not import the gateway.",
};

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
      "bench/**",
      "tests/**",
      ".config/**",
      "*.config.*",
      ".ci/**",
    ],
    rules: { "no-restricted-properties": "off" },
  },
  restrict(
    ["lib/router/**", "lib/scoring/**"],
    [
      NEXT,
      PRISMA,
      DB,
      { group: ["@/lib/env", "**/env"], message: "The engine takes values, not the environment." },
      {
        group: ["@/lib/providers/*", "@/lib/gateway/*", "@/lib/telemetry/*", "node:*"],
        message: "The engine is pure.",
      },
    ],
    {
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
  ),
  {
    // Learned scorers (issue 15) are as pure as the engine and see it only through its index.
    files: ["lib/scoring/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            NEXT,
            PRISMA,
            DB,
            {
              group: ["@/lib/env", "**/env"],
              message: "Scorers take values, not the environment.",
            },
            {
              group: ["@/lib/providers/*", "@/lib/gateway/*", "@/lib/telemetry/*", "node:*"],
              message: "Scorers are pure.",
            },
            { group: ["@/lib/router/*"], message: "Import the engine through @/lib/router." },
          ],
        },
      ],
    },
  },
  restrict(["lib/providers/**"], [NEXT, PRISMA, DB]),
  restrict(["lib/gateway/**", "lib/telemetry/**"], [NEXT, PRISMA]),
  restrict(["lib/db/**"], [NEXT]),
  restrict(["lib/schemas/**"], [PRISMA, DB]),
  restrict(["app/(console)/**", "components/**"], [DB, GATEWAY, PRISMA]),
];
export default config;
