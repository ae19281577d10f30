/**
 * Logistic regression over sparse vectors, trained by online AdaGrad with L2 regularization.
 * AdaGrad gives rare n-grams larger steps than frequent ones, which suits hashed text features;
 * the visiting order is a seeded shuffle per epoch, so training is deterministic.
 */
import type { SparseVector } from "./features";
import { randomFn, shuffledIndices } from "@/lib/random";

/** Options of `trainLogistic`. */
export interface LogisticOptions {
  /** Passes over the data; 0 leaves every weight at 0 (learning disabled). */
  epochs: number;
  learningRate: number;
  /** L2 penalty per update, applied to the weights an example touches (lazy regularization). */
  l2: number;
  seed: number;
}

export const DEFAULT_LOGISTIC_OPTIONS: LogisticOptions = {
  epochs: 8,
  learningRate: 0.3,
  l2: 1e-4,
  seed: 1,
};

/** The logistic function, clamped so extreme logits stay finite. */
export function sigmoid(z: number): number {
  if (z > 35) return 1;
  if (z < -35) return 0;
  return 1 / (1 + Math.exp(-z));
}

/** Dot product of dense weights with a sparse vector. */
export function dot(weights: Float64Array, vector: SparseVector): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) {
    sum += (weights[vector.indices[i] ?? 0] ?? 0) * (vector.values[i] ?? 0);
  }
  return sum;
}

/** Fits weights so that `sigmoid(dot(w, x))` estimates the probability of target 1. */
export function trainLogistic(
  vectors: readonly SparseVector[],
  targets: readonly number[],
  dims: number,
  options: LogisticOptions = DEFAULT_LOGISTIC_OPTIONS,
): Float64Array {
  const weights = new Float64Array(dims);
  const squaredGradients = new Float64Array(dims);
  const random = randomFn(options.seed);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const n of shuffledIndices(vectors.length, random)) {
      const vector = vectors[n];
      const target = targets[n];
      if (vector === undefined || target === undefined) continue;
      const error = sigmoid(dot(weights, vector)) - target;
      for (let i = 0; i < vector.length; i++) {
        const index = vector.indices[i] ?? 0;
        const w = weights[index] ?? 0;
        const gradient = error * (vector.values[i] ?? 0) + options.l2 * w;
        const accumulated = (squaredGradients[index] ?? 0) + gradient * gradient;
        squaredGradients[index] = accumulated;
        weights[index] = w - (options.learningRate * gradient) / (Math.sqrt(accumulated) + 1e-8);
      }
    }
  }
  return weights;
}
