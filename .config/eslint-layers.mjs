import path from "node:path";
import boundaries from "eslint-plugin-boundaries";

/**
 * The import rule (docs/architecture.md, "Layers"): every folder is an element of one layer, and
 * `LAYERS` lists, per element, the only elements it may import. Everything not listed is an error
 * (`default: "disallow"`), type-only imports included, whether written with `@/` or relative.
 * Imports inside one layer (for example lib/gateway/a.ts → lib/gateway/b.ts) are free.
 */
const root = path.resolve(import.meta.dirname, "..");

/**
 * Folders that are layers (an element each; the first matching pattern wins). Paths are relative
 * to the repository root, and a folder's element holds everything below it.
 */
const ELEMENTS = [
  // Outside the layers: they may import anything, nothing in the layers may import them.
  { type: "outside", pattern: "tests" },
  { type: "outside", pattern: "scripts" },
  { type: "outside", pattern: "bench" },
  { type: "schemas", pattern: "lib/schemas" },
  { type: "router", pattern: "lib/router" },
  { type: "scoring", pattern: "lib/scoring" },
  { type: "decision-log", pattern: "lib/decision-log" },
  { type: "providers", pattern: "lib/providers" },
  { type: "db", pattern: "lib/db" },
  { type: "telemetry", pattern: "lib/telemetry" },
  { type: "gateway", pattern: "lib/gateway" },
  { type: "auth", pattern: "lib/auth" },
  { type: "console", pattern: "lib/console" },
  { type: "api", pattern: "lib/api" },
  { type: "app-api", pattern: "app/api" },
  { type: "ui", pattern: "lib/ui" },
  { type: "queries", pattern: "lib/queries" },
  { type: "components", pattern: "components" },
  // Pages, layouts and the login page: everything in app/ but app/api.
  { type: "pages", pattern: "app" },
  { type: "server", pattern: "server" },
].map((e) => ({ ...e, partialMatch: false, stopMatching: true }));

/**
 * Layers made of single files (the first matching pattern wins): the base files in lib/, and the
 * tests beside the code (outside the layers, like tests/).
 */
const FILES = [
  { category: "test", pattern: ["**/*.test.ts", "**/*.test.tsx"] },
  // Base files that are not plain values: the validated environment and the process-wide registry
  // (state on globalThis). Only the server-side runtime layers (lib/db and up) import them.
  { category: "runtime", pattern: ["lib/env.ts", "lib/process-registry.ts"] },
  { category: "base", pattern: "lib/*.ts" },
  { category: "outside", pattern: ["*.*", ".config/**"] },
].map((f) => ({ ...f, stopMatching: true }));
const FILE_LAYERS = new Set(FILES.map((f) => f.category));

/** The selector of one layer, whether it is a folder (element) or a set of files (category). */
const layer = (name) =>
  FILE_LAYERS.has(name) ? { file: { categories: name } } : { element: { type: name } };

const PURE = ["base", "schemas", "router", "scoring", "decision-log"];
const SERVER_CORE = [...PURE, "runtime", "providers"];
const BELOW_GATEWAY = [...SERVER_CORE, "db", "telemetry"];
const BELOW_API = [...BELOW_GATEWAY, "gateway", "auth", "console"];
/** Browser side: never lib/db, lib/console, lib/gateway, lib/telemetry, lib/env (not even types). */
const BROWSER = ["base", "schemas", "router", "scoring", "decision-log", "auth"];

/**
 * Allowed imports per element, bottom to top. A layer imports only the layers listed before it,
 * never sideways (router, decision-log and providers do not import each other).
 */
export const LAYERS = {
  base: ["base"],
  runtime: ["base"],
  schemas: ["base"],
  router: ["base", "schemas"],
  // Scorers train and evaluate the engine's DifficultyScorer: they sit on top of lib/router.
  scoring: ["base", "schemas", "router"],
  "decision-log": ["base", "schemas"],
  providers: ["base", "schemas"],
  db: SERVER_CORE,
  telemetry: [...SERVER_CORE, "db"],
  gateway: BELOW_GATEWAY,
  auth: [...BELOW_GATEWAY, "gateway"],
  console: [...BELOW_GATEWAY, "gateway"],
  api: BELOW_API,
  "app-api": [...BELOW_API, "api"],
  ui: BROWSER,
  queries: [...BROWSER, "ui"],
  components: [...BROWSER, "ui", "queries"],
  pages: [...BROWSER, "ui", "queries", "components"],
  server: [...BELOW_API, "api"],
};

/** Folders whose index.ts is their only door: what is not exported there is private. */
const ENTERED_BY_INDEX = [
  "lib/router",
  "lib/scoring",
  "lib/providers/transport",
  "lib/gateway/budget",
];

const PRISMA = ["@prisma/*", "pg", "pg-*", "@electric-sql/*", "pglite-prisma-adapter"];
/** Layers that run on the fast path or below it never import Next. */
const NO_NEXT = `@(${[...SERVER_CORE, "db", "telemetry", "gateway"].join("|")})`;
/** The pure engine folders: no I/O of their own. */
const PURE_ENGINE = "@(router|scoring|decision-log)";

const policies = [
  ...Object.entries(LAYERS).map(([name, allowed]) => ({
    from: layer(name),
    allow: { to: [name, ...allowed].map(layer) },
  })),
  // Folders entered only through their index.ts from outside (later policies win over earlier ones).
  ...ENTERED_BY_INDEX.map((folder) => ({
    from: { file: { path: `!${folder}/**` } },
    disallow: { to: { file: { path: `${folder}/**/!(index).{ts,tsx}` } } },
    message: `Import ${folder} only through ${folder}/index.ts.`,
  })),
  // Packages: any layer may import them, except the ones below (checked for every origin).
  { allow: { to: { module: { origin: ["external", "core"] } } } },
  {
    from: [{ element: { type: "!db" } }, layer("base"), layer("runtime")],
    disallow: [
      { to: { module: { source: PRISMA } } },
      { to: { file: { path: "lib/db/generated/**" } } },
    ],
    message: "Only lib/db imports Prisma and the database drivers.",
  },
  {
    from: [{ element: { type: NO_NEXT } }, layer("base"), layer("runtime")],
    disallow: { to: { module: { source: ["next", "next-auth"] } } },
    message: "This layer runs outside Next (the fast path, scripts, tests): no Next imports.",
  },
  {
    from: { element: { type: PURE_ENGINE } },
    disallow: { to: { module: { origin: "core" } } },
    message: "The pure layers take values: no node:* modules (inject I/O instead).",
  },
  // Outside the layers: tests, scripts, benchmarks and configuration may import anything.
  {
    from: [{ element: { type: "outside" } }, { file: { categories: ["test", "outside"] } }],
    allow: [{ to: { origin: "*" } }, { to: { file: { path: "**" } } }],
  },
];

/** The flat-config block that enforces the table. */
export const layersConfig = {
  files: ["**/*.{ts,tsx,mts,cts,js,mjs,cjs,jsx}"],
  plugins: { boundaries },
  settings: {
    "boundaries/root-path": root,
    "boundaries/elements": ELEMENTS,
    "boundaries/files": FILES,
    "boundaries/dependency-nodes": ["import", "export", "dynamic-import"],
  },
  rules: {
    // A new folder gets a row in the table before it gets code.
    "boundaries/no-unknown-files": "error",
    "boundaries/dependencies": [
      "error",
      {
        default: "disallow",
        checkUnknownLocals: true,
        checkAllOrigins: true,
        // Inside a folder too: its sub-folders may have an index.ts as their only door.
        checkInternals: true,
        message:
          "{{ from.element.type }}{{ from.file.categories }} may not import {{ to.file.path }} " +
          "({{ to.element.type }}{{ to.file.categories }}): see the layer table in docs/architecture.md.",
        policies,
      },
    ],
  },
};
