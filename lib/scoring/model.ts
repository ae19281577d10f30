/**
 * A trained scorer version as a JSON document (stored later as a scorer version row), and the
 * `DifficultyScorer` that serves it. The score is a calibrated probability that the small tier's
 * answer will not clear the route's bar, so score bands read as risk levels.
 *
 * A learned scorer reads prompt text (`features.content.text()`): a route that uses one needs
 * content inspection on.
 */
import { z } from "zod";
import type { DifficultyScorer } from "@/lib/router";
import { calibrate } from "./calibration";
import { createFeaturizer } from "./features";
import { LABEL_SOURCES } from "./labels";

const finite = z.number().refine(Number.isFinite, "a finite number");

/** Offline evaluation on the held-out calibration fold. */
const OfflineEvaluationSchema = z.object({
  examples: z.number().int().min(0),
  logLoss: finite.nullable(),
  brier: finite.nullable(),
  auc: finite.nullable(),
});
export type OfflineEvaluation = z.infer<typeof OfflineEvaluationSchema>;

/** The stored form of a learned scorer. */
export const LearnedScorerModelSchema = z.object({
  kind: z.literal("hashed-logistic"),
  formatVersion: z.literal(1),
  name: z.string().min(1),
  hashBits: z.number().int().min(4).max(20),
  /** Non-zero weights only (most hashed slots stay 0). */
  weights: z
    .object({ indices: z.array(z.number().int().min(0)), values: z.array(finite) })
    .refine((w) => w.indices.length === w.values.length, "indices and values pair up"),
  calibration: z.object({ a: finite, b: finite }),
  training: z.object({
    /** ISO date passed in by the caller (the pure core reads no clock). */
    trainedAt: z.string(),
    examples: z.number().int().min(0),
    positives: z.number().int().min(0),
    fitExamples: z.number().int().min(0),
    calibrationExamples: z.number().int().min(0),
    skipped: z.number().int().min(0),
    labelSources: z.partialRecord(z.enum(LABEL_SOURCES), z.number().int().min(0)),
    bar: finite,
    epochs: z.number().int().min(0),
    learningRate: finite,
    l2: finite,
    seed: z.number().int(),
  }),
  evaluation: OfflineEvaluationSchema,
});
export type LearnedScorerModel = z.infer<typeof LearnedScorerModelSchema>;

/** A scorer that serves a trained model (parse stored JSON with `LearnedScorerModelSchema` first). */
export function createLearnedScorer(model: LearnedScorerModel): DifficultyScorer {
  const featurizer = createFeaturizer(model.hashBits);
  const weights = new Float64Array(featurizer.dims);
  model.weights.indices.forEach((index, i) => {
    if (index >= featurizer.dims) throw new RangeError(`weight index ${index} out of range`);
    weights[index] = model.weights.values[i] ?? 0;
  });
  return {
    name: model.name,
    score: (features) => calibrate(featurizer.dot(weights, features), model.calibration),
  };
}
