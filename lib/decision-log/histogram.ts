/**
 * The fixed latency histogram of `DecisionRollup.latencyHist`. Bucket `i` counts latencies
 * `<= LATENCY_BUCKETS_MS[i]` (and above the previous bound); the last bucket (index
 * `LATENCY_BUCKETS_MS.length`) counts everything slower. Fixed bounds make histograms of
 * different rows, instances and granularities addable, so p50/p95 of any range come from sums.
 * Changing the bounds invalidates stored rollups: add a migration that rebuilds them.
 */
export const LATENCY_BUCKETS_MS: readonly number[] = Object.freeze([
  25, 50, 75, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 4000, 5000, 7500, 10000,
  15000, 20000, 30000, 60000,
]);

/** Number of counters in a histogram: one per bound plus the overflow bucket. */
export const HISTOGRAM_LENGTH = LATENCY_BUCKETS_MS.length + 1;

/** A zeroed histogram. */
export function createHistogram(): number[] {
  return new Array<number>(HISTOGRAM_LENGTH).fill(0);
}

/** The bucket a latency falls in (binary search; negative and NaN count as 0 ms). */
export function bucketIndex(ms: number): number {
  const value = Number.isFinite(ms) ? Math.max(0, ms) : ms > 0 ? Infinity : 0;
  let lo = 0;
  let hi = LATENCY_BUCKETS_MS.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= (LATENCY_BUCKETS_MS[mid] ?? Infinity)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Adds one observation to `hist` in place. */
export function recordLatency(hist: number[], ms: number): void {
  const i = bucketIndex(ms);
  hist[i] = (hist[i] ?? 0) + 1;
}

/** Element-wise sum; a shorter input (an older row) counts as zeros in the missing buckets. */
export function mergeHistograms(a: readonly number[], b: readonly number[]): number[] {
  const out = createHistogram();
  for (let i = 0; i < HISTOGRAM_LENGTH; i++) out[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return out;
}

/**
 * The latency at quantile `p` (0 < p <= 1, e.g. 0.95), interpolated linearly inside its bucket.
 * Returns null for an empty histogram. The overflow bucket answers its lower bound (the largest
 * finite bound): the histogram cannot say more, and an invented number would mislead.
 */
export function percentileFromHistogram(hist: readonly number[], p: number): number | null {
  const q = Math.min(1, Math.max(0, p));
  let total = 0;
  for (const count of hist) total += count;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    const count = hist[i] ?? 0;
    if (count === 0) continue;
    if (seen + count >= rank) {
      const lower = i === 0 ? 0 : (LATENCY_BUCKETS_MS[i - 1] ?? 0);
      const upper = LATENCY_BUCKETS_MS[i];
      if (upper === undefined) return lower;
      return lower + ((upper - lower) * (rank - seen)) / count;
    }
    seen += count;
  }
  return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1] ?? null;
}
