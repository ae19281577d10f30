import { describe, expect, it } from "vitest";
import { decideRoute, type DifficultyScorer } from "@/lib/router";
import {
  buildTestFeatures,
  buildTestSnapshot,
  createTestContext,
} from "@/tests/support/router/testing";
import { createReplayRecorder } from "./replay-recorder";

/** The replay inputs name the route's learned scorer version and its exact score (issue 15). */
describe("replay recorder: score bands", () => {
  const policy = {
    schemaVersion: 1 as const,
    rules: [],
    default: {
      strategy: "score_band" as const,
      bands: [{ upTo: 1, tier: "small" as const }],
      scorer: { kind: "learned" as const, version: 4 },
    },
  };

  it("records a learned version's value, name and version from the trace", () => {
    const value = 0.123456789;
    const learned: DifficultyScorer = { name: "learned-test-v4", score: () => value };
    const base = buildTestSnapshot({ policy, route: { contentInspection: true } });
    const snapshot = { ...base, route: { ...base.route, scorers: new Map([[4, learned]]) } };
    const recorder = createReplayRecorder(createTestContext());
    const features = buildTestFeatures();
    const decision = decideRoute(features, snapshot, recorder.context);
    const replay = recorder.finish(
      decision,
      snapshot.tenant,
      snapshot.health,
      features,
      snapshot.route.policy,
      true,
    );
    expect(replay.score).toEqual({ value, scorer: "learned-test-v4", version: 4 });
  });
});
