import { describe, expect, it } from "vitest";
import { computeBackoffMs } from "./execute-plan";

describe("computeBackoffMs", () => {
  it("is jittered exponential, capped, and never shorter than Retry-After", () => {
    expect(computeBackoffMs(0, () => 0)).toBe(50);
    expect(computeBackoffMs(0, () => 0.999)).toBe(100);
    expect(computeBackoffMs(10, () => 0.999)).toBe(1999);
    expect(computeBackoffMs(10, () => 0)).toBe(1000);
    expect(computeBackoffMs(0, () => 0, 1500)).toBe(1500);
  });
});
