// Vitest stand-in for the `server-only` marker (.config/vitest.config.ts aliases it here): the
// package's default entry throws outside React Server Components, and tests run server code in
// plain Node. Next resolves the real marker itself.
export {};
