/**
 * API key authentication through a short-TTL cache: a hit costs two map lookups; a
 * revoked or unknown key is re-checked after `negativeTtlMs`, a valid one after `positiveTtlMs`
 * (and at once when the `keys`/`tenants` revision moves: `clear()`), so revocation takes effect
 * within seconds. `lastUsedAt` is written in batches, never per request.
 */
import { AppError } from "@/lib/errors";
import { nowMs } from "@/lib/clock";
import type { ApiKeyPrincipalRow } from "@/lib/db/api-key-auth";
import { hashApiKey, looksLikeApiKey, type ApiKeyScope } from "@/lib/keys";

export type Principal = ApiKeyPrincipalRow;

export interface KeyAuthenticatorOptions {
  findByHash(hash: string): Promise<ApiKeyPrincipalRow | null>;
  touch(keyIds: readonly string[], at: Date): Promise<void>;
  clock?: () => number;
  positiveTtlMs?: number;
  negativeTtlMs?: number;
  touchIntervalMs?: number;
  maxEntries?: number;
}

export interface KeyAuthenticator {
  /** The principal for an `Authorization` header value; throws `invalid_api_key` (401). */
  authenticate(authorization: string | undefined, scope: ApiKeyScope): Promise<Principal>;
  clear(): void;
  /** Writes pending `lastUsedAt` touches now. */
  flushTouches(): Promise<void>;
  close(): Promise<void>;
}

interface Entry {
  value: ApiKeyPrincipalRow | null;
  expiresAt: number;
}

const INVALID = "Incorrect API key provided. Use `Authorization: Bearer sk-sb-…` with a live key.";

export function createKeyAuthenticator(options: KeyAuthenticatorOptions): KeyAuthenticator {
  const clock = options.clock ?? nowMs;
  const positiveTtl = options.positiveTtlMs ?? 5_000;
  const negativeTtl = options.negativeTtlMs ?? 1_000;
  const maxEntries = options.maxEntries ?? 100_000;
  const cache = new Map<string, Entry>();
  // Hashes of keys that authenticated recently, so a steady client costs a map lookup, not a
  // sha256 per request. Only keys that matched a principal enter (random keys cannot grow it).
  const knownHashes = new Map<string, string>();
  const inflight = new Map<string, Promise<ApiKeyPrincipalRow | null>>();
  let pendingTouches = new Set<string>();
  const timer = setInterval(() => void flushTouches(), options.touchIntervalMs ?? 10_000);
  timer.unref?.();

  async function flushTouches(): Promise<void> {
    if (pendingTouches.size === 0) return;
    const ids = [...pendingTouches];
    pendingTouches = new Set();
    await options.touch(ids, new Date(clock())).catch(() => {
      // Best effort: lastUsedAt is informational; a lost touch is retried with the next use.
    });
  }

  async function lookup(hash: string): Promise<ApiKeyPrincipalRow | null> {
    const now = clock();
    const hit = cache.get(hash);
    if (hit && hit.expiresAt > now) return hit.value;
    let pending = inflight.get(hash);
    if (!pending) {
      pending = options.findByHash(hash).finally(() => inflight.delete(hash));
      inflight.set(hash, pending);
    }
    let value: ApiKeyPrincipalRow | null;
    try {
      value = await pending;
    } catch (error) {
      // Database down: keep serving a key we knew was valid (stale), fail closed otherwise.
      if (hit?.value) return hit.value;
      throw new AppError("service_unavailable", "Key store unavailable; retry shortly.", {
        cause: error,
      });
    }
    if (cache.size >= maxEntries) cache.clear();
    const ttl = value && !value.revoked ? positiveTtl : negativeTtl;
    cache.set(hash, { value, expiresAt: clock() + ttl });
    return value;
  }

  return {
    async authenticate(authorization, scope) {
      const match = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
      const key = match?.[1];
      if (!key || !looksLikeApiKey(key)) throw new AppError("invalid_api_key", INVALID);
      const known = knownHashes.get(key);
      const hash = known ?? hashApiKey(key);
      const principal = await lookup(hash);
      if (!principal || principal.revoked) throw new AppError("invalid_api_key", INVALID);
      if (known === undefined) {
        if (knownHashes.size >= 10_000) knownHashes.clear();
        knownHashes.set(key, hash);
      }
      // An empty scope list predates scopes: it allows everything.
      if (principal.scopes.length > 0 && !principal.scopes.includes(scope)) {
        throw new AppError("forbidden", `This API key lacks the "${scope}" scope.`);
      }
      pendingTouches.add(principal.keyId);
      return principal;
    },
    clear() {
      cache.clear();
    },
    flushTouches,
    async close() {
      clearInterval(timer);
      await flushTouches();
    },
  };
}
