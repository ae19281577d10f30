import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { SAMPLE_PATH } from "@/tests/support/quality/sample";
import { parseExampleLine } from "./import-lines";
import { trainScorerVersion } from "./version";

const lines = fs.readFileSync(SAMPLE_PATH, "utf8").split("\n").filter(Boolean);
const options = {
  name: "learned-v1",
  trainedAt: "2026-12-07",
  seed: 1,
  heldOutShare: 0.2,
  bar: 0.5,
};

describe("parseExampleLine", () => {
  it("reads evaluation examples as import records and names what is wrong", () => {
    const parsed = parseExampleLine(lines[0] ?? "");
    expect(parsed.ok && Object.keys(parsed.example.outcomes)).toEqual(["strong", "weak"]);
    expect(parseExampleLine("{")).toEqual({ ok: false, message: "not valid JSON" });
    expect(parseExampleLine('{"prompt":"x","outcomes":{}}').ok).toBe(false);
  });
});

describe("trainScorerVersion", () => {
  const records = lines.map(parseExampleLine).flatMap((p) => (p.ok ? [p.example] : []));

  it("holds out a fold, counts it and beats the heuristic on it", () => {
    const { model, training, evaluation } = trainScorerVersion(records, options);
    expect(training).toMatchObject({ records: 1200, trained: 960, heldOut: 240, skipped: 0 });
    expect(model.name).toBe("learned-v1");
    expect(evaluation.examples).toBe(240);
    expect(evaluation.apgr).toBeGreaterThan(evaluation.heuristicApgr ?? 1);
  });

  it("is deterministic for a seed", () => {
    expect(trainScorerVersion(records, options)).toEqual(trainScorerVersion(records, options));
  });

  it("reports no APGR on a fold too small to mean anything", () => {
    const few = trainScorerVersion(records.slice(0, 50), options);
    expect(few.evaluation.apgr).toBeNull();
    expect(few.evaluation.note).toMatch(/needed/);
  });
});
