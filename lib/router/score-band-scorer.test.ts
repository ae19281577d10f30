import { describe, expect, it } from "vitest";
import type { PolicyDocumentInput } from "@/lib/schemas/policy";
import {
  buildTestFeatures,
  buildTestSnapshot,
  createTestContext,
} from "@/tests/support/router/testing";
import { decideRoute } from "./decide";
import type { RoutingSnapshot } from "./snapshot-types";
import type { DifficultyScorer } from "./types";

/** Score bands with a route's learned scorer version (issue 15) and the exact score in the trace. */
const bands = [
  { upTo: 0.3, tier: "small" as const },
  { upTo: 1, tier: "large" as const },
];
const policy = (scorer?: { kind: "learned"; version: number }): PolicyDocumentInput => ({
  schemaVersion: 1,
  rules: [],
  default: { strategy: "score_band", bands, ...(scorer ? { scorer } : {}) },
});
const fixed = (name: string, score: number): DifficultyScorer => ({ name, score: () => score });

function withScorers(
  snapshot: RoutingSnapshot,
  scorers: Map<number, DifficultyScorer>,
): RoutingSnapshot {
  return { ...snapshot, route: { ...snapshot.route, scorers } };
}

describe("score band scorer", () => {
  it("uses the named learned version and records its name, version and exact score", () => {
    const score = 0.30000000000000004; // rounds to 0.3, the small band's edge, but is above it
    const snapshot = withScorers(
      buildTestSnapshot({
        policy: policy({ kind: "learned", version: 2 }),
        route: { contentInspection: true },
      }),
      new Map([
        [1, fixed("learned-test-v1", 0.1)],
        [2, fixed("learned-test-v2", score)],
      ]),
    );
    const decision = decideRoute(buildTestFeatures(), snapshot, createTestContext());
    expect(decision.trace.strategyDetail).toEqual({
      score,
      scorer: "learned-test-v2",
      scorerVersion: 2,
      tier: "large",
    });
  });

  it("falls back to the default scorer, and says why, when content inspection is off", () => {
    const snapshot = withScorers(
      buildTestSnapshot({ policy: policy({ kind: "learned", version: 1 }) }),
      new Map([[1, fixed("learned-test-v1", 0.9)]]),
    );
    const context = { ...createTestContext(), scorer: fixed("fixed", 0.2) };
    const detail = decideRoute(buildTestFeatures(), snapshot, context).trace.strategyDetail;
    expect(detail).toMatchObject({ score: 0.2, scorer: "fixed", tier: "small" });
    expect(detail.scorerNote).toBe("learned v1 needs content inspection; used fixed");
    expect(detail).not.toHaveProperty("scorerVersion");
  });

  it("falls back when the version is not loaded", () => {
    const snapshot = buildTestSnapshot({
      policy: policy({ kind: "learned", version: 3 }),
      route: { contentInspection: true },
    });
    const detail = decideRoute(buildTestFeatures(), snapshot, createTestContext()).trace
      .strategyDetail;
    expect(detail.scorer).toBe("heuristic-v1");
    expect(detail.scorerNote).toBe("learned v3 is not loaded; used heuristic-v1");
  });

  it("keeps the heuristic without a scorer reference", () => {
    const snapshot = buildTestSnapshot({ policy: policy() });
    const detail = decideRoute(buildTestFeatures(), snapshot, createTestContext()).trace
      .strategyDetail;
    expect(detail.scorer).toBe("heuristic-v1");
    expect(detail).not.toHaveProperty("scorerNote");
  });
});
