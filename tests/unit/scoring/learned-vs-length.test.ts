/**
 * Issue 15's first "Done when": on our own labelled sample, importing labels for one half and
 * evaluating on the other, the learned scorer's APGR beats the prompt-length baseline's; with
 * learning disabled (zero epochs) it must not, so this test fails if learning stops working.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EvalExampleSchema } from "@/lib/schemas/labelled-examples";
import { featuresOf, runEvaluation, type EvaluationReport } from "@/lib/scoring";
import { SAMPLE_PATH, sampleJsonl } from "@/tests/support/quality/sample";

const MARGIN = 0.05;
const data = readFileSync(SAMPLE_PATH, "utf8")
  .trim()
  .split("\n")
  .map((line) => EvalExampleSchema.parse(JSON.parse(line)));

const apgr = (report: EvaluationReport, scorer: string) => {
  const row = report.results.find((r) => r.scorer === scorer);
  if (!row) throw new Error(`no row for ${scorer}`);
  return row.apgr;
};

describe("learned scorer vs prompt length on the synthetic sample", () => {
  it("the committed sample is the generator's output", () => {
    expect(readFileSync(SAMPLE_PATH, "utf8")).toBe(sampleJsonl());
  });

  it("holds long-but-easy and short-but-hard prompts", () => {
    const tokens = data.map((e) => featuresOf(e).estimatedInputTokens);
    const sorted = [...tokens].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    const weak = (i: number) => (typeof data[i]?.weak === "number" ? Number(data[i]?.weak) : 0);
    const longEasy = tokens.filter((t, i) => t > 2 * median && weak(i) >= 0.8).length;
    const shortHard = tokens.filter((t, i) => t <= median && weak(i) < 0.3).length;
    expect(longEasy).toBeGreaterThan(50);
    expect(shortHard).toBeGreaterThan(100);
  });

  for (const seed of [1, 2, 3]) {
    it(`beats prompt length by ${MARGIN} APGR when trained on half (seed ${seed})`, () => {
      const learned = runEvaluation(data, { split: 0.5, seed, trainedAt: "2026-12-07" });
      expect(learned.trainExamples).toBe(600);
      expect(learned.testExamples).toBe(600);
      expect(apgr(learned, "learned")).toBeGreaterThan(apgr(learned, "prompt-length") + MARGIN);
    });
  }

  it("does not beat prompt length with learning disabled", () => {
    const disabled = runEvaluation(data, {
      split: 0.5,
      seed: 1,
      trainedAt: "2026-12-07",
      epochs: 0,
    });
    expect(apgr(disabled, "learned")).toBeCloseTo(0.5, 9);
    expect(apgr(disabled, "learned")).toBeLessThan(apgr(disabled, "prompt-length") + MARGIN);
  });
});
