/**
 * `eval:router` without the I/O: split or take training data, train a learned scorer, score the
 * evaluation sample with it and with the baselines, and format the table.
 */
import { heuristicScorer, type DifficultyScorer } from "@/lib/router";
import type { EvalExample, LabelledExample } from "@/lib/schemas/labelled-examples";
import { evaluateRouter, sampleCurve, type RouterEvaluation } from "./evaluate";
import {
  DEFAULT_LABEL_OPTIONS,
  evalToLabelled,
  featuresOf,
  passes,
  qualityOf,
  toTrainingExamples,
} from "./labels";
import { rocAuc } from "./metrics";
import { createLearnedScorer, type LearnedScorerModel } from "./model";
import { randomFn, shuffledIndices } from "@/lib/random";
import { trainScorer } from "./train";

/** Longer prompts first: the baseline a learned scorer has to beat. */
export const promptLengthScorer: DifficultyScorer = {
  name: "prompt-length",
  score: (features) => features.estimatedInputTokens,
};

/** Every request ties: exactly the expected curve of a random router (see evaluate.ts). */
export const randomScorer: DifficultyScorer = { name: "random (expected)", score: () => 0 };

/** One row of the report. */
export interface ScorerResult extends RouterEvaluation {
  scorer: string;
  /** ROC AUC of the score against "the weak answer fails the bar". */
  auc: number | null;
}

/** Options of `runEvaluation`. */
export interface EvaluationOptions {
  /** Labelled training examples; without them `split` of the data trains. */
  train?: readonly LabelledExample[];
  /** Share of `data` used for training when `train` is absent (default 0.5). */
  split?: number;
  seed?: number;
  /** Training date recorded in the model (the caller's clock). */
  trainedAt: string;
  /** 0 disables learning (the check that the learned row is not a fluke). */
  epochs?: number;
  bar?: number;
}

/** The whole report. */
export interface EvaluationReport {
  trainExamples: number;
  testExamples: number;
  model: LearnedScorerModel;
  results: ScorerResult[];
}

/** A seeded split of examples into a training and a test part. */
export function splitExamples<T>(examples: readonly T[], trainShare: number, seed: number) {
  const order = shuffledIndices(examples.length, randomFn(seed));
  const cut = Math.round(examples.length * trainShare);
  const take = (at: number[]) =>
    at.flatMap((i) => (examples[i] === undefined ? [] : [examples[i]]));
  return { train: take(order.slice(0, cut)), test: take(order.slice(cut)) };
}

/** Trains on the training part, evaluates learned, heuristic, prompt-length and random. */
export function runEvaluation(
  data: readonly EvalExample[],
  options: EvaluationOptions,
): EvaluationReport {
  const seed = options.seed ?? 1;
  const bar = options.bar ?? DEFAULT_LABEL_OPTIONS.bar;
  const { train, test } = options.train
    ? { train: options.train, test: data }
    : (() => {
        const split = splitExamples(data, options.split ?? 0.5, seed);
        return { train: split.train.map(evalToLabelled), test: split.test };
      })();
  const { examples, skipped } = toTrainingExamples(train, { ...DEFAULT_LABEL_OPTIONS, bar });
  const model = trainScorer(examples, {
    name: "learned",
    trainedAt: options.trainedAt,
    bar,
    skipped,
    logistic: { seed, ...(options.epochs === undefined ? {} : { epochs: options.epochs }) },
  });
  const scorers = [createLearnedScorer(model), heuristicScorer, promptLengthScorer, randomScorer];
  return {
    trainExamples: examples.length,
    testExamples: test.length,
    model,
    results: [...compareScorers(test, scorers, bar), oracleResult(test, bar)],
  };
}

/** The upper bound: ranks by the true gap (strong − weak) read from the labels. */
export function oracleResult(examples: readonly EvalExample[], bar: number): ScorerResult {
  const strong = examples.map((e) => qualityOf(e.strong));
  const weak = examples.map((e) => qualityOf(e.weak));
  const gaps = strong.map((s, i) => s - (weak[i] ?? 0));
  const weakFails = examples.map((e) => !passes(e.weak, bar));
  return {
    scorer: "oracle (labels)",
    ...evaluateRouter(gaps, strong, weak),
    auc: rocAuc(gaps, weakFails),
  };
}

/** Scores every example with every scorer (features computed once per example). */
export function compareScorers(
  examples: readonly EvalExample[],
  scorers: readonly DifficultyScorer[],
  bar: number = DEFAULT_LABEL_OPTIONS.bar,
): ScorerResult[] {
  const features = examples.map(featuresOf);
  const strong = examples.map((e) => qualityOf(e.strong));
  const weak = examples.map((e) => qualityOf(e.weak));
  const weakFails = examples.map((e) => !passes(e.weak, bar));
  return scorers.map((scorer) => {
    const scores = features.map((f) => scorer.score(f));
    return {
      scorer: scorer.name,
      ...evaluateRouter(scores, strong, weak),
      auc: rocAuc(scores, weakFails),
    };
  });
}

const pct = (value: number | null) => (value === null ? "never" : `${(value * 100).toFixed(1)}%`);
const num = (value: number | null) => (value === null ? "n/a" : value.toFixed(3));

/** The report as Markdown: the table, then PGR at fixed shares of strong calls. */
export function formatReport(report: EvaluationReport): string {
  const first = report.results[0];
  const lines = [
    `train ${report.trainExamples} examples, test ${report.testExamples}; ` +
      `mean quality strong ${num(first?.strongQuality ?? null)}, weak ${num(first?.weakQuality ?? null)}`,
    "",
    "| scorer | APGR | CPT(50%) | CPT(80%) | AUC (weak fails) |",
    "|---|---:|---:|---:|---:|",
    ...report.results.map(
      (r) => `| ${r.scorer} | ${num(r.apgr)} | ${pct(r.cpt50)} | ${pct(r.cpt80)} | ${num(r.auc)} |`,
    ),
    "",
  ];
  const shares = [0.1, 0.2, 0.3, 0.5, 0.7, 0.9];
  lines.push(`| PGR at strong share | ${shares.map(pct).join(" | ")} |`);
  lines.push(`|---|${shares.map(() => "---:").join("|")}|`);
  for (const r of report.results) {
    const points = sampleCurve(r.curve, shares);
    lines.push(`| ${r.scorer} | ${points.map((p) => num(p.pgr)).join(" | ")} |`);
  }
  return lines.join("\n");
}
