import { describe, expect, it } from "vitest";
import { LabelledExampleSchema } from "@/lib/schemas/labelled-examples";
import { featuresOf, smallTierFails, toTrainingExamples, type TrainingExample } from "./labels";
import { createLearnedScorer, LearnedScorerModelSchema } from "./model";
import { trainScorer } from "./train";

const HARD = ["prove the bound", "derive the estimator", "find the race in the lock"];
const EASY = ["what are your hours", "thanks for the help", "where is my parcel"];

function examples(count: number): TrainingExample[] {
  return Array.from({ length: count }, (_, i) => {
    const hard = i % 2 === 0;
    const text = (hard ? HARD : EASY)[i % 3] ?? "";
    return {
      features: featuresOf({ prompt: `${text} #${i}` }),
      smallFails: hard,
      source: "import",
    };
  });
}

describe("smallTierFails", () => {
  it("reads the first small-tier key, as a pass or against the bar", () => {
    expect(smallTierFails({ strong: true, weak: false })).toBe(true);
    expect(smallTierFails({ small: 0.7 })).toBe(false);
    expect(smallTierFails({ weak: 0.2, small: 0.9 })).toBe(true);
    expect(smallTierFails({ "gpt-4o-mini": 0.2 }, { smallKeys: ["gpt-4o-mini"], bar: 0.1 })).toBe(
      false,
    );
    expect(smallTierFails({ strong: 1 })).toBeNull();
  });

  it("skips imported examples without a small-tier outcome", () => {
    const records = [
      { prompt: "a", outcomes: { weak: true } },
      {
        messages: [{ role: "user", content: "b" }],
        metadata: { task: "faq" },
        outcomes: { strong: 1 },
      },
    ].map((r) => LabelledExampleSchema.parse(r));
    const { examples: out, skipped } = toTrainingExamples(records);
    expect(out).toHaveLength(1);
    expect(skipped).toBe(1);
  });

  it("rejects a record with both or neither of prompt and messages", () => {
    expect(LabelledExampleSchema.safeParse({ outcomes: { weak: true } }).success).toBe(false);
    const both = { prompt: "x", messages: [{ role: "user", content: "x" }], outcomes: { weak: 1 } };
    expect(LabelledExampleSchema.safeParse(both).success).toBe(false);
    expect(LabelledExampleSchema.safeParse({ prompt: "x", outcomes: { weak: 1.5 } }).success).toBe(
      false,
    );
  });
});

describe("trainScorer and createLearnedScorer", () => {
  const model = trainScorer(examples(200), { name: "learned-test-v1", trainedAt: "2026-12-07" });

  it("records the version's counts and offline evaluation", () => {
    expect(model.training).toMatchObject({
      trainedAt: "2026-12-07",
      examples: 200,
      positives: 100,
      fitExamples: 160,
      calibrationExamples: 40,
      labelSources: { import: 200 },
    });
    expect(model.evaluation.auc).toBeGreaterThan(0.95);
  });

  it("survives a JSON round trip with the same scores", () => {
    const stored = LearnedScorerModelSchema.parse(JSON.parse(JSON.stringify(model)));
    const a = createLearnedScorer(model);
    const b = createLearnedScorer(stored);
    const features = featuresOf({ prompt: "please prove the bound" });
    expect(b.score(features)).toBe(a.score(features));
  });

  it("scores a calibrated probability, high for hard prompts", () => {
    const scorer = createLearnedScorer(model);
    const hard = scorer.score(featuresOf({ prompt: "derive the estimator" }));
    const easy = scorer.score(featuresOf({ prompt: "where is my parcel" }));
    expect(hard).toBeGreaterThan(0.7);
    expect(easy).toBeLessThan(0.3);
    expect(hard).toBeLessThanOrEqual(1);
    expect(easy).toBeGreaterThanOrEqual(0);
  });

  it("is deterministic", () => {
    const again = trainScorer(examples(200), { name: "learned-test-v1", trainedAt: "2026-12-07" });
    expect(again).toEqual(model);
  });

  it("rejects a stored model whose weights do not pair up", () => {
    const broken = { ...model, weights: { indices: [1, 2], values: [0.5] } };
    expect(LearnedScorerModelSchema.safeParse(broken).success).toBe(false);
  });
});
