import { describe, expect, it } from "vitest";
import {
  HISTOGRAM_LENGTH,
  LATENCY_BUCKETS_MS,
  bucketIndex,
  createHistogram,
  mergeHistograms,
  percentileFromHistogram,
  recordLatency,
} from "./histogram";

describe("latency histogram", () => {
  it("has increasing bounds and one overflow bucket", () => {
    for (let i = 1; i < LATENCY_BUCKETS_MS.length; i++)
      expect(LATENCY_BUCKETS_MS[i]).toBeGreaterThan(LATENCY_BUCKETS_MS[i - 1] ?? 0);
    expect(HISTOGRAM_LENGTH).toBe(LATENCY_BUCKETS_MS.length + 1);
  });

  it.each([
    [0, 0],
    [-5, 0],
    [Number.NaN, 0],
    [25, 0],
    [26, 1],
    [100, 3],
    [101, 4],
    [60000, LATENCY_BUCKETS_MS.length - 1],
    [60001, LATENCY_BUCKETS_MS.length],
    [Infinity, LATENCY_BUCKETS_MS.length],
  ])("puts %s ms in bucket %s", (ms, index) => {
    expect(bucketIndex(ms)).toBe(index);
  });

  it("answers null for an empty histogram", () => {
    expect(percentileFromHistogram(createHistogram(), 0.5)).toBeNull();
  });

  it("interpolates inside a bucket", () => {
    const hist = createHistogram();
    for (let i = 0; i < 100; i++) recordLatency(hist, 120); // bucket (100, 150]
    expect(percentileFromHistogram(hist, 0.5)).toBe(125);
    expect(percentileFromHistogram(hist, 1)).toBe(150);
  });

  it("stays within the bucket of the true percentile", () => {
    const hist = createHistogram();
    const values = Array.from({ length: 1000 }, (_, i) => 10 + i * 7);
    for (const v of values) recordLatency(hist, v);
    for (const p of [0.5, 0.9, 0.95, 0.99]) {
      const exact = values[Math.ceil(p * values.length) - 1] ?? 0;
      const estimate = percentileFromHistogram(hist, p) ?? -1;
      const i = bucketIndex(exact);
      expect(estimate).toBeGreaterThanOrEqual(i === 0 ? 0 : (LATENCY_BUCKETS_MS[i - 1] ?? 0));
      expect(estimate).toBeLessThanOrEqual(LATENCY_BUCKETS_MS[i] ?? Infinity);
    }
  });

  it("answers the largest bound for the overflow bucket", () => {
    const hist = createHistogram();
    recordLatency(hist, 90_000);
    expect(percentileFromHistogram(hist, 0.99)).toBe(60000);
  });

  it("merges element-wise, tolerating short inputs", () => {
    const a = createHistogram();
    recordLatency(a, 10);
    const merged = mergeHistograms(a, [2, 1]);
    expect(merged[0]).toBe(3);
    expect(merged[1]).toBe(1);
    expect(merged).toHaveLength(HISTOGRAM_LENGTH);
  });
});
