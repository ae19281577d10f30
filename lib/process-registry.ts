/**
 * Process-wide state (database handle, caches, breakers, budget leases, decision writer) lives in
 * one registry on `globalThis`: Next bundles its own copy of our modules, and the custom server's
 * fast path and Next's bundle must share one database handle, never open a second PGlite.
 */
const KEY = Symbol.for("switchboard.process-registry");

type Registry = Map<string, unknown>;

function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  let r = g[KEY];
  if (!r) {
    r = new Map();
    g[KEY] = r;
  }
  return r;
}

/** Returns the process-wide value for `key`, creating it with `create` on first use. */
export function processSingleton<T>(key: string, create: () => T): T {
  const r = registry();
  if (!r.has(key)) r.set(key, create());
  return r.get(key) as T;
}

/** Removes a value (after closing it), so the next `processSingleton` creates a fresh one. */
export function forgetProcessSingleton(key: string): void {
  registry().delete(key);
}
