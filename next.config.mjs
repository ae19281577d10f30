/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder lets a second checkout-local build (e.g. a benchmark) run beside `npm run dev`.
  distDir: process.env.SWITCHBOARD_NEXT_DIST_DIR || ".next",
  // One copy of PGlite per process, whichever bundler builds (see STACK-NOTES).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg"],
  poweredByHeader: false,
  reactStrictMode: true,
  // Types are checked by `npm run typecheck` (CI and before each commit) over the whole project;
  // skipping the duplicate pass keeps the first `npm start` on a fresh clone fast.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
