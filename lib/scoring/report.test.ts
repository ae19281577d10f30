import { describe, expect, it } from "vitest";
import type { EvalExample } from "@/lib/schemas/labelled-examples";
import { formatReport, runEvaluation, splitExamples } from "./report";

// Hard prompts say "prove"; easy ones ask for hours. Length says nothing (hard ones are short).
const data: EvalExample[] = Array.from({ length: 120 }, (_, i) => {
  const hard = i % 3 === 0;
  return hard
    ? { id: i, prompt: `prove lemma ${i}`, strong: 0.9, weak: 0.1 }
    : {
        id: i,
        prompt: `what are the opening hours of shop ${i} ${"today ".repeat(i % 7)}`,
        strong: 0.9,
        weak: 0.85,
      };
});

describe("runEvaluation", () => {
  it("splits deterministically and disjointly", () => {
    const a = splitExamples(data, 0.5, 4);
    expect(splitExamples(data, 0.5, 4)).toEqual(a);
    expect(a.train).toHaveLength(60);
    const ids = new Set(a.train.map((e) => e.id));
    expect(a.test.some((e) => ids.has(e.id))).toBe(false);
  });

  it("trains on an import file when given one and prints every row", () => {
    const train = data.map(({ id: _id, strong, weak, ...rest }) => ({
      ...rest,
      outcomes: { strong, weak },
    }));
    const report = runEvaluation(data, { train, trainedAt: "2026-12-07" });
    expect(report.trainExamples).toBe(120);
    expect(report.testExamples).toBe(120);
    expect(report.results.map((r) => r.scorer)).toEqual([
      "learned",
      "heuristic-v1",
      "prompt-length",
      "random (expected)",
      "oracle (labels)",
    ]);
    const learned = report.results[0];
    expect(learned?.auc).toBe(1);
    expect(learned?.apgr).toBeCloseTo(report.results[4]?.apgr ?? 0, 6);
    const text = formatReport(report);
    expect(text).toContain("| scorer | APGR | CPT(50%) | CPT(80%) | AUC (weak fails) |");
    expect(text).toMatch(/\| random \(expected\) \| 0\.500 \| 50\.0% \| 80\.0% \| 0\.500 \|/);
  });
});
