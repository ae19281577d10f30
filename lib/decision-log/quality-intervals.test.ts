import { describe, expect, it } from "vitest";
import { meanInterval, wilsonInterval } from "./quality-intervals";

describe("quality intervals", () => {
  it("Wilson: known values, bounded, empty without observations", () => {
    // 8 of 10: the textbook Wilson 95 % interval is about [0.490, 0.943].
    const i = wilsonInterval(8, 10);
    expect(i.value).toBe(0.8);
    expect(i.low).toBeCloseTo(0.4902, 3);
    expect(i.high).toBeCloseTo(0.9433, 3);
    const all = wilsonInterval(5, 5);
    expect(all.high).toBe(1);
    expect(all.low!).toBeGreaterThan(0.5);
    expect(wilsonInterval(0, 3).low).toBe(0);
    expect(wilsonInterval(0, 0)).toEqual({ value: null, low: null, high: null });
  });

  it("normal approximation for means from running sums", () => {
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    const sum = values.reduce((a, v) => a + v, 0);
    const sumSquares = values.reduce((a, v) => a + v * v, 0);
    const i = meanInterval(values.length, sum, sumSquares);
    const sd = Math.sqrt(32 / 7);
    expect(i.value).toBe(5);
    expect(i.high! - 5).toBeCloseTo((1.959964 * sd) / Math.sqrt(8), 9);
    expect(meanInterval(1, 3, 9)).toEqual({ value: 3, low: null, high: null });
    expect(meanInterval(0, 0, 0).value).toBeNull();
  });
});
