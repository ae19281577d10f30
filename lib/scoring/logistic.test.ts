import { describe, expect, it } from "vitest";
import { fitPlatt, calibrate } from "./calibration";
import type { SparseVector } from "./features";
import { dot, sigmoid, trainLogistic } from "./logistic";
import { randomFn } from "@/lib/random";

const vector = (entries: [number, number][]): SparseVector => ({
  indices: Int32Array.from(entries.map(([i]) => i)),
  values: Float64Array.from(entries.map(([, v]) => v)),
  length: entries.length,
});

describe("trainLogistic", () => {
  // Feature 1 means "hard", feature 2 means "easy"; feature 0 is the bias.
  const vectors = Array.from({ length: 200 }, (_, i) =>
    vector([
      [0, 1],
      [i % 2 === 0 ? 1 : 2, 1],
    ]),
  );
  const targets = vectors.map((_, i) => (i % 2 === 0 ? 1 : 0));

  it("learns a separable signal", () => {
    const w = trainLogistic(vectors, targets, 3, { epochs: 5, learningRate: 0.5, l2: 0, seed: 1 });
    expect(
      sigmoid(
        dot(
          w,
          vector([
            [0, 1],
            [1, 1],
          ]),
        ),
      ),
    ).toBeGreaterThan(0.9);
    expect(
      sigmoid(
        dot(
          w,
          vector([
            [0, 1],
            [2, 1],
          ]),
        ),
      ),
    ).toBeLessThan(0.1);
  });

  it("is deterministic for a seed and learns nothing with zero epochs", () => {
    const options = { epochs: 3, learningRate: 0.3, l2: 1e-4, seed: 7 };
    expect(trainLogistic(vectors, targets, 3, options)).toEqual(
      trainLogistic(vectors, targets, 3, options),
    );
    expect(Array.from(trainLogistic(vectors, targets, 3, { ...options, epochs: 0 }))).toEqual([
      0, 0, 0,
    ]);
  });
});

describe("fitPlatt", () => {
  it("recovers a known logistic link", () => {
    const random = randomFn(3);
    const logits: number[] = [];
    const targets: number[] = [];
    // Enough draws that the fit's sampling error (about 0.02 on b) sits well inside the tolerance.
    for (let i = 0; i < 20_000; i++) {
      const z = random() * 8 - 4;
      logits.push(z);
      targets.push(random() < sigmoid(0.5 * z - 1) ? 1 : 0);
    }
    const { a, b } = fitPlatt(logits, targets);
    expect(a).toBeCloseTo(0.5, 1);
    expect(b).toBeCloseTo(-1, 1);
    expect(calibrate(2, { a, b })).toBeCloseTo(sigmoid(0), 1);
  });

  it("falls back to the smoothed prior for one class", () => {
    const c = fitPlatt([1, 2, 3], [1, 1, 1]);
    expect(c.a).toBe(0);
    expect(calibrate(100, c)).toBeCloseTo(4 / 5, 6);
  });
});
