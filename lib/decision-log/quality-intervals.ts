/**
 * 95 % confidence intervals for the console's quality views. Pure. Shares (gate pass, escalation,
 * refusal, boolean and category feedback) use the Wilson score interval, which stays inside
 * [0, 1] and behaves for small counts and shares near 0 or 1 where the normal approximation does
 * not; means of number feedback use the normal approximation from count, sum and sum of squares.
 */

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959964;

export interface Interval {
  /** Share or mean; null without observations. */
  value: number | null;
  low: number | null;
  high: number | null;
}

const EMPTY: Interval = { value: null, low: null, high: null };

/** Wilson score interval of `k` successes out of `n`. */
export function wilsonInterval(k: number, n: number, z: number = Z95): Interval {
  if (n <= 0) return EMPTY;
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Mean ± z·s/√n from running sums (s: sample standard deviation); no interval below 2 values. */
export function meanInterval(
  count: number,
  sum: number,
  sumSquares: number,
  z: number = Z95,
): Interval {
  if (count <= 0) return EMPTY;
  const mean = sum / count;
  if (count < 2) return { value: mean, low: null, high: null };
  // Sample variance from the running sums; clamped at 0 against rounding.
  const variance = Math.max(0, (sumSquares - count * mean * mean) / (count - 1));
  const half = z * Math.sqrt(variance / count);
  return { value: mean, low: mean - half, high: mean + half };
}
