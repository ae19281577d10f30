import { describe, expect, it } from "vitest";
import { extractFeatures } from "@/lib/router";
import { createFeaturizer, dimensionFor, SHAPE_FEATURES } from "./features";

const featuresFor = (content: string, metadata = {}) =>
  extractFeatures({ model: "m", messages: [{ role: "user", content }] }, metadata);

describe("createFeaturizer", () => {
  const featurizer = createFeaturizer(10);

  it("is deterministic and lists each index once", () => {
    const a = featurizer.featurize(featuresFor("Prove the claim, then prove it again."));
    const b = featurizer.featurize(featuresFor("Prove the claim, then prove it again."));
    expect(Array.from(a.indices.slice(0, a.length))).toEqual(
      Array.from(b.indices.slice(0, b.length)),
    );
    expect(Array.from(a.values.slice(0, a.length))).toEqual(
      Array.from(b.values.slice(0, b.length)),
    );
    const indices = Array.from(a.indices.slice(0, a.length));
    expect(new Set(indices).size).toBe(indices.length);
    expect(featurizer.dims).toBe(dimensionFor(10));
  });

  it("scales the text part to unit norm whatever the length", () => {
    for (const text of ["short question", "a much longer question ".repeat(50)]) {
      const v = featurizer.featurize(featuresFor(text));
      let norm = 0;
      for (let i = 0; i < v.length; i++) {
        if ((v.indices[i] ?? 0) < 1 << 10) norm += (v.values[i] ?? 0) ** 2;
      }
      // Metadata (priority=normal) also lands in hashed slots, adding exactly 1.
      expect(norm).toBeCloseTo(2, 6);
    }
  });

  it("adds metadata and shape features", () => {
    const plain = featurizer.featurize(featuresFor("hello"));
    const tagged = featurizer.featurize(featuresFor("hello", { task: "legal", tags: ["vip"] }));
    expect(tagged.length).toBeGreaterThan(plain.length);
    const bias = (1 << 10) + SHAPE_FEATURES.indexOf("bias");
    expect(Array.from(plain.indices.slice(0, plain.length))).toContain(bias);
  });

  it("handles an empty prompt", () => {
    const v = featurizer.featurize(featuresFor(""));
    expect(v.length).toBeGreaterThan(0);
    expect(Array.from(v.values.slice(0, v.length)).every(Number.isFinite)).toBe(true);
  });
});

describe("featurizer.dot", () => {
  it("equals the dot product with the featurized vector, and leaves no state behind", () => {
    const featurizer = createFeaturizer(8);
    const weights = Float64Array.from({ length: featurizer.dims }, (_, i) => Math.sin(i));
    for (const text of ["prove it", "where is my parcel, please tell me", ""]) {
      const features = featuresFor(text, { task: "faq" });
      const v = featurizer.featurize(features);
      let expected = 0;
      for (let i = 0; i < v.length; i++)
        expected += (weights[v.indices[i] ?? 0] ?? 0) * (v.values[i] ?? 0);
      expect(featurizer.dot(weights, features)).toBeCloseTo(expected, 12);
      expect(featurizer.dot(weights, features)).toBeCloseTo(expected, 12);
    }
  });
});
