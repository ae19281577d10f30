/**
 * Cycles (issue 14): no source file may reach itself through its imports, and no folder may reach
 * itself through its files' imports (so no two folders import each other), type-only imports
 * included. Run with `npm run check:layers` (part of `npm run lint`). Which folder may import
 * which is ESLint's layer table (.config/eslint-layers.mjs); this check holds even if the table
 * were edited to allow both directions.
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A file cycle: split the shared part into a module both sides import.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-circular-folders",
      severity: "error",
      comment: "Two folders import each other: one of them belongs lower in the layer table.",
      scope: "folder",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // Every source folder; configuration, generated code and the tests beside the code (which may
    // import tests/support) are not part of the graph.
    includeOnly: "^(lib|app|components|server|scripts|bench|tests)/",
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^lib/db/generated/", "^\\.next", "^node_modules/", "\\.test\\.tsx?$"] },
    // Type-only imports count: a cycle of types is still a cycle to read and to move.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      extensions: [".ts", ".tsx", ".mts", ".js", ".mjs", ".cjs"],
    },
  },
};
