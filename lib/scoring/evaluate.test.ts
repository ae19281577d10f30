import { describe, expect, it } from "vitest";
import { callsForGap, evaluateRouter, sampleCurve } from "./evaluate";
import { brierScore, logLoss, rocAuc } from "./metrics";

describe("evaluateRouter", () => {
  // Two of four requests need the strong tier: weak 0 there, 1 elsewhere; strong always 1.
  const strong = [1, 1, 1, 1];
  const weak = [0, 1, 0, 1];

  it("gives a perfect ranking the most area", () => {
    const result = evaluateRouter([0.9, 0.1, 0.8, 0.2], strong, weak);
    expect(result.weakQuality).toBe(0.5);
    expect(result.strongQuality).toBe(1);
    expect(result.curve.map((p) => p.pgr)).toEqual([0, 0.5, 1, 1, 1]);
    // Area: 0.25·(0+0.5)/2 + 0.25·(0.5+1)/2 + 0.5·1 = 0.75
    expect(result.apgr).toBeCloseTo(0.75, 12);
    expect(result.cpt50).toBeCloseTo(0.25, 12);
    expect(result.cpt80).toBeCloseTo(0.4, 12);
  });

  it("makes a constant scorer the random baseline's expectation", () => {
    const result = evaluateRouter([0, 0, 0, 0], strong, weak);
    expect(result.curve).toHaveLength(2);
    expect(result.apgr).toBeCloseTo(0.5, 12);
    expect(result.cpt50).toBeCloseTo(0.5, 12);
    expect(result.cpt80).toBeCloseTo(0.8, 12);
  });

  it("penalizes a reversed ranking", () => {
    const result = evaluateRouter([0.1, 0.9, 0.2, 0.8], strong, weak);
    expect(result.apgr).toBeCloseTo(0.25, 12);
    expect(result.cpt80).toBeCloseTo(0.9, 12);
  });

  it("refuses a sample without a gap", () => {
    expect(() => evaluateRouter([1, 2], [0.5, 0.5], [0.5, 0.6])).toThrow(RangeError);
    expect(() => evaluateRouter([], [], [])).toThrow(RangeError);
  });

  it("samples the curve linearly", () => {
    const result = evaluateRouter([0.9, 0.1, 0.8, 0.2], strong, weak);
    expect(sampleCurve(result.curve, [0.125, 1]).map((p) => p.pgr)).toEqual([0.25, 1]);
    expect(callsForGap(result.curve, 2)).toBeNull();
  });
});

describe("metrics", () => {
  it("computes AUC with ties as half", () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBeCloseTo(0.75, 12);
    expect(rocAuc([1, 1], [true, false])).toBe(0.5);
    expect(rocAuc([1, 2], [true, true])).toBeNull();
  });

  it("computes log loss and Brier", () => {
    expect(logLoss([0.5, 0.5], [true, false])).toBeCloseTo(Math.log(2), 12);
    expect(brierScore([1, 0.5], [true, false])).toBeCloseTo(0.125, 12);
    expect(logLoss([], [])).toBeNull();
  });
});
