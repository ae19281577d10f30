import { describe, expect, it } from "vitest";
import { isUuid, uuidv7, uuidv7Time } from "./ids";

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("uuidv7", () => {
  it("is a version 7, variant 10 UUID carrying its millisecond", () => {
    const at = Date.UTC(2026, 11, 6, 9, 30, 0, 123);
    const id = uuidv7(at);
    expect(id).toMatch(V7);
    expect(uuidv7Time(id)).toBe(at);
    expect(uuidv7Time(uuidv7())).toBeGreaterThanOrEqual(at);
  });

  it("sorts by time across milliseconds, as text and as Postgres compares uuids", () => {
    const ids = [3, 1, 2].map((ms) => uuidv7(1_700_000_000_000 + ms));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
  });

  it("does not repeat, across many entropy blocks and within one millisecond", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) seen.add(uuidv7(1_700_000_000_000));
    expect(seen.size).toBe(50_000);
    // Each of the random hex digits takes every value (the entropy is not stuck).
    const digits = new Set([...seen].map((id) => id.charAt(35)));
    expect(digits.size).toBe(16);
  });

  it("writes the whole 48-bit time range, zero-padded", () => {
    expect(uuidv7(0).slice(0, 15)).toBe("00000000-0000-7");
    expect(uuidv7(0x1234_5678_9abc).slice(0, 15)).toBe("12345678-9abc-7");
    const max = 2 ** 48 - 1;
    expect(uuidv7(max).slice(0, 15)).toBe("ffffffff-ffff-7");
    expect(uuidv7Time(uuidv7(max))).toBe(max);
  });

  it("reads no time from a non-v7 id", () => {
    expect(uuidv7Time("3b241101-e2bb-4255-8caf-4136c566a962")).toBeNull();
    expect(uuidv7Time("not a uuid")).toBeNull();
  });
});

describe("isUuid", () => {
  it("accepts any version, either case, and nothing else", () => {
    expect(isUuid(uuidv7())).toBe(true);
    expect(isUuid("3F2504E0-4F89-11D3-9A0C-0305E82C3301")).toBe(true);
    expect(isUuid("3f2504e0-4f89-11d3-9a0c-0305e82c330")).toBe(false);
    expect(isUuid("not-a-uuid")).toBe(false);
    expect(isUuid("")).toBe(false);
  });
});
