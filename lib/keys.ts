import { hash, randomBytes } from "node:crypto";

/**
 * API keys: `sk-sb-` + 40 base62 characters (~238 bits). Only the sha256 hash and a visible
 * prefix are stored; the key is shown once when created.
 */
export const API_KEY_PREFIX = "sk-sb-";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_BODY_LENGTH = 40;

/** A fresh random key. `randomSource` is injectable so seeds can be deterministic. */
export function generateApiKey(randomSource: (n: number) => Buffer = randomBytes): string {
  let body = "";
  while (body.length < KEY_BODY_LENGTH) {
    for (const byte of randomSource(64)) {
      // Rejection sampling keeps the distribution uniform (248 = 4 × 62).
      if (byte < 248 && body.length < KEY_BODY_LENGTH) body += BASE62[byte % 62];
    }
  }
  return API_KEY_PREFIX + body;
}

/** sha256 hex of the whole key: what the database stores and the gateway looks up. */
export function hashApiKey(key: string): string {
  return hash("sha256", key, "hex");
}

/** The visible start of a key, e.g. `sk-sb-Ab12`, for recognising it in lists. */
export function apiKeyPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 4);
}

/** Cheap shape check before any lookup. */
export function looksLikeApiKey(value: string): boolean {
  return (
    value.length === API_KEY_PREFIX.length + KEY_BODY_LENGTH &&
    value.startsWith(API_KEY_PREFIX) &&
    /^[A-Za-z0-9]+$/.test(value.slice(API_KEY_PREFIX.length))
  );
}

export const API_KEY_SCOPES = ["chat", "models", "explain"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
