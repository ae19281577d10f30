import { describe, expect, it } from "vitest";
import { NativeDate, nowMs } from "./clock";

describe("clock", () => {
  it("makes ordinary dates and reads the current time", () => {
    const d = new NativeDate(1_700_000_000_123);
    expect(d).toBeInstanceOf(Date);
    expect(d.toISOString()).toBe("2023-11-14T22:13:20.123Z");
    const before = Date.now();
    const now = nowMs();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now - before).toBeLessThan(1_000);
  });
});
