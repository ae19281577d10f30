import { describe, expect, it } from "vitest";
import { foldQualityDeltas, type FeedbackFact } from "./quality-rollup";

const fact = (over: Partial<FeedbackFact>): FeedbackFact => ({
  decisionAt: new Date("2026-12-07T10:59:59Z"),
  routeSlug: "auto",
  model: "m",
  policyVersion: 1,
  metric: "ok",
  value: 1,
  category: null,
  ...over,
});

describe("foldQualityDeltas", () => {
  it("buckets by the decision's hour and sums count, sum and squares", () => {
    const rows = foldQualityDeltas([fact({ value: 2 }), fact({ value: 4 })]);
    expect(rows).toEqual([
      expect.objectContaining({
        bucketStart: new Date("2026-12-07T10:00:00Z"),
        category: "",
        count: 2,
        sum: 6,
        sumSquares: 20,
      }),
    ]);
  });

  it("folds a replaced value as removed plus added; cancelled rows are left out", () => {
    expect(foldQualityDeltas([fact({ value: 1 })], [fact({ value: 1 })])).toEqual([]);
    const moved = foldQualityDeltas(
      [fact({ value: null, category: "good" })],
      [fact({ value: null, category: "bad" })],
    );
    expect(moved.map((r) => [r.category, r.count])).toEqual([
      ["bad", -1],
      ["good", 1],
    ]);
  });
});
