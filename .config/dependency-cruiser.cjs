/**
 * File cycles (issue 14): no module may reach itself through its imports, type-only imports
 * included. Run with `npm run check:layers` (part of `npm run lint`). The layer table itself,
 * which rules out two folders importing each other, is ESLint's (.config/eslint-layers.mjs).
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
  ],
  options: {
    // Every source folder; configuration and generated code are not part of the graph.
    includeOnly: "^(lib|app|components|server|scripts|bench|tests)/",
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^lib/db/generated/", "^\\.next", "^node_modules/"] },
    // Type-only imports count: a cycle of types is still a cycle to read and to move.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      extensions: [".ts", ".tsx", ".mts", ".js", ".mjs", ".cjs"],
    },
  },
};
