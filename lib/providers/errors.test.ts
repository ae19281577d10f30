import { describe, expect, test } from "vitest";
import { classifyErrorType, classifyStatus, parseRetryAfter, redactSecret } from "./errors";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  test.each([
    ["2", undefined, 2000],
    ["0.5", undefined, 500],
    [undefined, "1500", 1500],
    ["Thu, 01 Jan 2026 00:00:05 GMT", undefined, 5000],
    ["Wed, 31 Dec 2025 23:59:00 GMT", undefined, 0],
    ["soon", undefined, undefined],
    [undefined, undefined, undefined],
  ])("%s / %s → %s", (ra, ms, expected) => expect(parseRetryAfter(ra, ms, now)).toBe(expected));
});

describe("classifyStatus", () => {
  test.each([
    [401, "", "", "auth"],
    [403, "", "", "auth"],
    [429, "", "", "rate_limited"],
    [408, "", "", "timeout"],
    [500, "", "", "server_error"],
    [529, "overloaded_error", "", "server_error"],
    [400, "", "bad", "invalid_request"],
    [400, "context_length_exceeded", "", "context_length_exceeded"],
    [400, "invalid_request_error", "prompt is too long: 1 > 0", "context_length_exceeded"],
    [400, "content_filter", "", "content_filtered"],
    [413, "", "", "context_length_exceeded"],
    [302, "", "", "unknown"],
  ] as const)("%i %s %s → %s", (status, code, message, cls) =>
    expect(classifyStatus(status, code, message)).toBe(cls),
  );
  test("in-band error types", () => {
    expect(classifyErrorType("overloaded_error")).toBe("server_error");
    expect(classifyErrorType("rate_limit_error")).toBe("rate_limited");
    expect(classifyErrorType("authentication_error")).toBe("auth");
    expect(classifyErrorType("invalid_request_error", "maximum context length")).toBe(
      "context_length_exceeded",
    );
    expect(classifyErrorType("weird")).toBe("unknown");
  });
});

describe("redactSecret", () => {
  test("removes the key, bearer tokens, and bounds the length", () => {
    const key = "sk-abcdef0123456789";
    expect(redactSecret(`Incorrect API key provided: ${key}.`, key)).not.toContain(key);
    expect(redactSecret("Authorization: Bearer sk-zzz-other", null)).not.toContain("sk-zzz-other");
    expect(redactSecret("x".repeat(5000), null).length).toBeLessThanOrEqual(301);
  });
});

describe("redactSecret: transformed copies of the key (issue 13)", () => {
  const key = "sk-proj-Zq81bXcV4tLmN0pRsT9uWy";
  const b64 = (t: string, alphabet: "base64" | "base64url" = "base64") =>
    Buffer.from(t).toString(alphabet);
  test.each([
    ["as is", key],
    ["lower-cased", key.toLowerCase()],
    ["upper-cased", key.toUpperCase()],
    ["with a prefix", `live_${key}`],
    ["cut short", key.slice(0, 14)],
    ["its last characters", key.slice(-12)],
    ["base64", b64(key)],
    ["base64url", b64(key, "base64url")],
    ["base64 of user:key (Basic)", b64(`user:${key}`)],
    ["base64 of the header", b64(`Authorization: Bearer ${key}`)],
    ["base64, misaligned", b64(`xy${key}`).slice(2)],
    ["hex", Buffer.from(key).toString("hex")],
    ["URL-encoded", encodeURIComponent(`${key}/`)],
    ["in a query string", `api_key=${b64(key)}`],
  ])("removes the key %s", (_name, form) => {
    const out = redactSecret(`Invalid credentials: '${form}' (see docs).`, key);
    expect(out).not.toContain(form);
    expect(out).toContain("[redacted]");
    expect(out).toContain("Invalid credentials");
  });

  test("keeps ordinary words and messages", () => {
    const text =
      "Invalid value for 'temperature': must be at most 2. See https://platform.example/docs";
    expect(redactSecret(text, key)).toBe(text);
  });
});
