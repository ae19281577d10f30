import { describe, expect, it } from "vitest";
import { resolveRequestId } from "./request-id";

describe("resolveRequestId", () => {
  it("keeps a well-formed client id", () => {
    expect(resolveRequestId("trace-1234:abc")).toBe("trace-1234:abc");
  });

  it("replaces a missing, short or unsafe client id with its own", () => {
    for (const bad of [undefined, null, "", "short", "has space in it", "x".repeat(129)]) {
      const id = resolveRequestId(bad);
      expect(id).toMatch(/^req_[A-Za-z0-9_-]{12}[0-9a-z]{6,}$/);
      expect(id).not.toBe(bad);
    }
  });

  it("never repeats within a process", () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => resolveRequestId(undefined)));
    expect(ids.size).toBe(20_000);
  });
});
