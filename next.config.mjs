/** @type {import('next').NextConfig} */
const nextConfig = {
  // One copy of PGlite per process, whichever bundler builds (see STACK-NOTES).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
