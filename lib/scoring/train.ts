/**
 * Training a scorer version: featurize labelled examples, hold out a seeded calibration fold, fit
 * logistic regression on the rest, fit Platt scaling on the fold, and record counts and the fold's
 * offline evaluation. Pure and deterministic: the date and the seed are inputs.
 */
import { fitPlatt, calibrate, IDENTITY_CALIBRATION } from "./calibration";
import { createFeaturizer, DEFAULT_HASH_BITS, type SparseVector } from "./features";
import { DEFAULT_LABEL_OPTIONS, type LabelSource, type TrainingExample } from "./labels";
import { DEFAULT_LOGISTIC_OPTIONS, dot, trainLogistic, type LogisticOptions } from "./logistic";
import { brierScore, logLoss, rocAuc } from "./metrics";
import type { LearnedScorerModel } from "./model";
import { randomFn, shuffledIndices } from "@/lib/random";

/** Options of `trainScorer`. */
export interface TrainOptions {
  /** Scorer name shown in decision traces, e.g. `learned-support-v2`. */
  name: string;
  /** ISO date of training (the caller's clock). */
  trainedAt: string;
  hashBits?: number;
  /** Passes, learning rate, L2 and seed of the logistic regression; `epochs: 0` disables learning. */
  logistic?: Partial<LogisticOptions>;
  /** Share of examples held out to calibrate and evaluate (default 0.2; none below 20 examples). */
  calibrationFraction?: number;
  /** The bar the labels were made with (recorded in the version). */
  bar?: number;
  /** Examples dropped before training (no small-tier outcome), recorded in the version. */
  skipped?: number;
}

/** Smallest calibration fold worth fitting; below it the raw logistic output is used. */
const MIN_CALIBRATION_EXAMPLES = 20;

/** Trains a learned scorer version from labelled examples. */
export function trainScorer(
  examples: readonly TrainingExample[],
  options: TrainOptions,
): LearnedScorerModel {
  const logistic = { ...DEFAULT_LOGISTIC_OPTIONS, ...options.logistic };
  const hashBits = options.hashBits ?? DEFAULT_HASH_BITS;
  const featurizer = createFeaturizer(hashBits);
  const vectors = examples.map((e) => featurizer.featurize(e.features));
  const targets = examples.map((e) => (e.smallFails ? 1 : 0));

  const order = shuffledIndices(examples.length, randomFn(logistic.seed ^ 0x5eed));
  const fraction = options.calibrationFraction ?? 0.2;
  const held = Math.round(examples.length * fraction);
  const holdOut = held >= MIN_CALIBRATION_EXAMPLES ? order.slice(0, held) : [];
  const fit = order.slice(holdOut.length);
  const pick = <T>(values: readonly T[], at: readonly number[]) =>
    at.flatMap((i) => (values[i] === undefined ? [] : [values[i]]));

  const weights = trainLogistic(pick(vectors, fit), pick(targets, fit), featurizer.dims, logistic);
  const heldLogits = pick(vectors, holdOut).map((v: SparseVector) => dot(weights, v));
  const heldTargets = pick(targets, holdOut);
  const calibration =
    holdOut.length > 0 ? fitPlatt(heldLogits, heldTargets) : { ...IDENTITY_CALIBRATION };
  const heldPositive = heldTargets.map((t) => t === 1);
  const heldProbabilities = heldLogits.map((z) => calibrate(z, calibration));

  const labelSources: Partial<Record<LabelSource, number>> = {};
  for (const example of examples) {
    labelSources[example.source] = (labelSources[example.source] ?? 0) + 1;
  }
  const indices: number[] = [];
  const values: number[] = [];
  weights.forEach((w, i) => {
    if (w !== 0) {
      indices.push(i);
      values.push(w);
    }
  });
  return {
    kind: "hashed-logistic",
    formatVersion: 1,
    name: options.name,
    hashBits,
    weights: { indices, values },
    calibration,
    training: {
      trainedAt: options.trainedAt,
      examples: examples.length,
      positives: targets.filter((t) => t === 1).length,
      fitExamples: fit.length,
      calibrationExamples: holdOut.length,
      skipped: options.skipped ?? 0,
      labelSources,
      bar: options.bar ?? DEFAULT_LABEL_OPTIONS.bar,
      epochs: logistic.epochs,
      learningRate: logistic.learningRate,
      l2: logistic.l2,
      seed: logistic.seed,
    },
    evaluation: {
      examples: holdOut.length,
      logLoss: logLoss(heldProbabilities, heldPositive),
      brier: brierScore(heldProbabilities, heldPositive),
      auc: rocAuc(heldProbabilities, heldPositive),
    },
  };
}
