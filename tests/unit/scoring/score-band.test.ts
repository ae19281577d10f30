/** A learned scorer in the engine: a score band picks the tier from its calibrated probability. */
import { describe, expect, it } from "vitest";
import { decideRoute, extractFeatures } from "@/lib/router";
import { buildTestSnapshot, createTestContext } from "@/tests/support/router/testing";
import { createLearnedScorer, featuresOf, trainScorer, type TrainingExample } from "@/lib/scoring";

const examples: TrainingExample[] = Array.from({ length: 200 }, (_, i) => {
  const hard = i % 2 === 0;
  const text = hard ? "prove the bound" : "what are your hours";
  return { features: featuresOf({ prompt: `${text} #${i}` }), smallFails: hard, source: "import" };
});
const model = trainScorer(examples, { name: "learned-test-v1", trainedAt: "2026-12-07" });

describe("score band with a learned scorer", () => {
  it("plugs into a score band as the routing context's scorer", () => {
    const snapshot = buildTestSnapshot({
      policy: {
        schemaVersion: 1,
        rules: [],
        default: {
          strategy: "score_band",
          bands: [
            { upTo: 0.5, tier: "small" },
            { upTo: 1, tier: "large" },
          ],
        },
      },
      route: { contentInspection: true },
    });
    const context = { ...createTestContext(1), scorer: createLearnedScorer(model) };
    const request = (content: string) =>
      extractFeatures({ model: "auto", messages: [{ role: "user", content }] });
    const hard = decideRoute(request("prove the bound"), snapshot, context);
    const easy = decideRoute(request("what are your hours"), snapshot, context);
    expect(hard.trace.strategyDetail).toMatchObject({ scorer: "learned-test-v1", tier: "large" });
    expect(easy.trace.strategyDetail).toMatchObject({ tier: "small" });
  });
});
