import { describe, expect, it } from "vitest";
import { apiKeyPrefix, generateApiKey, hashApiKey, looksLikeApiKey } from "./keys";

describe("api keys", () => {
  it("generates well-formed, distinct keys", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).toMatch(/^sk-sb-[A-Za-z0-9]{40}$/);
    expect(a).not.toBe(b);
    expect(looksLikeApiKey(a)).toBe(true);
  });

  it("hashes to sha256 hex and shows a short prefix", () => {
    const key = "sk-sb-" + "a".repeat(40);
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).not.toContain("aaaa");
    expect(apiKeyPrefix(key)).toBe("sk-sb-aaaa");
  });

  it("rejects malformed keys", () => {
    expect(looksLikeApiKey("sk-sb-short")).toBe(false);
    expect(looksLikeApiKey("sk-xx-" + "a".repeat(40))).toBe(false);
    expect(looksLikeApiKey("sk-sb-" + "a".repeat(39) + "!")).toBe(false);
  });
});
