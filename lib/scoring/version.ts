/**
 * A scorer version from a route's labelled examples: hold out a seeded fold, train on the rest
 * (`trainScorer`, which calibrates on its own inner fold), and evaluate the trained model on the
 * held-out fold against the heuristic. Pure: the date, the name and the seed are inputs.
 */
import { heuristicScorer } from "@/lib/router";
import type { LabelledExample, Outcome } from "@/lib/schemas/labelled-examples";
import type { ScorerEvaluation, ScorerTraining } from "@/lib/schemas/scorers";
import { evaluateRouter } from "./evaluate";
import { DEFAULT_LABEL_OPTIONS, featuresOf, passes, qualityOf, toTrainingExamples } from "./labels";
import { rocAuc } from "./metrics";
import { createLearnedScorer, type LearnedScorerModel } from "./model";
import { splitExamples } from "./report";
import { trainScorer } from "./train";

/** Outcome keys read as the strong tier in the offline evaluation, first match wins. */
export const STRONG_KEYS = ["strong", "large"] as const;

/** Fewer held-out examples than this make APGR noise, so none is reported. */
const MIN_EVALUATION_EXAMPLES = 20;

export interface ScorerVersionOptions {
  name: string;
  trainedAt: string;
  seed: number;
  heldOutShare: number;
  bar: number;
}

export interface TrainedScorerVersion {
  model: LearnedScorerModel;
  training: ScorerTraining;
  evaluation: ScorerEvaluation;
}

const first = (outcomes: Readonly<Record<string, Outcome>>, keys: readonly string[]) =>
  keys.map((k) => outcomes[k]).find((o) => o !== undefined);

/** Trains and evaluates one version; throws a RangeError when nothing is left to train on. */
export function trainScorerVersion(
  records: readonly LabelledExample[],
  options: ScorerVersionOptions,
): TrainedScorerVersion {
  const { train, test } = splitExamples(records, 1 - options.heldOutShare, options.seed);
  const labels = { ...DEFAULT_LABEL_OPTIONS, bar: options.bar };
  const { examples, skipped } = toTrainingExamples(train, labels);
  if (examples.length === 0)
    throw new RangeError("No example has a small-tier outcome (`weak` or `small`) to learn from.");
  const model = trainScorer(examples, {
    name: options.name,
    trainedAt: options.trainedAt,
    bar: options.bar,
    skipped,
    logistic: { seed: options.seed },
  });
  const training: ScorerTraining = {
    records: records.length,
    skipped: skipped + toTrainingExamples(test, labels).skipped,
    trained: examples.length,
    positives: model.training.positives,
    heldOut: test.length,
    seed: options.seed,
  };
  return { model, training, evaluation: evaluateHeldOut(model, test, options.bar) };
}

/** APGR, CPT and AUC of the model and APGR of the heuristic on the held-out fold. */
export function evaluateHeldOut(
  model: LearnedScorerModel,
  test: readonly LabelledExample[],
  bar: number,
): ScorerEvaluation {
  const rows = test.flatMap((e) => {
    const strong = first(e.outcomes, STRONG_KEYS);
    const weak = first(e.outcomes, DEFAULT_LABEL_OPTIONS.smallKeys);
    return strong === undefined || weak === undefined ? [] : [{ e, strong, weak }];
  });
  const empty = (note: string): ScorerEvaluation => ({
    examples: rows.length,
    apgr: null,
    cpt50: null,
    cpt80: null,
    auc: null,
    heuristicApgr: null,
    note,
  });
  if (rows.length < MIN_EVALUATION_EXAMPLES)
    return empty(
      `${rows.length} held-out examples with both a strong and a weak outcome; ${MIN_EVALUATION_EXAMPLES} needed.`,
    );
  const features = rows.map((r) => featuresOf(r.e));
  const strong = rows.map((r) => qualityOf(r.strong));
  const weak = rows.map((r) => qualityOf(r.weak));
  const learned = createLearnedScorer(model);
  const scores = features.map((f) => learned.score(f));
  try {
    const result = evaluateRouter(scores, strong, weak);
    const heuristic = evaluateRouter(
      features.map((f) => heuristicScorer.score(f)),
      strong,
      weak,
    );
    return {
      examples: rows.length,
      apgr: result.apgr,
      cpt50: result.cpt50,
      cpt80: result.cpt80,
      auc: rocAuc(
        scores,
        rows.map((r) => !passes(r.weak, bar)),
      ),
      heuristicApgr: heuristic.apgr,
      note: null,
    };
  } catch (error) {
    if (error instanceof RangeError) return empty(error.message);
    throw error;
  }
}
