import type { Rng } from "../../random";

const HOUR_MS = 3_600_000;

/**
 * Relative request rate at a UTC time: a business-day curve (an EU morning shoulder and a peak
 * when Europe and the Americas overlap), a quiet night floor and lighter weekends.
 */
export function trafficWeight(epochMs: number): number {
  const date = new Date(epochMs);
  const h = date.getUTCHours() + 0.5;
  const peak = Math.exp(-((h - 15) ** 2) / (2 * 3.5 ** 2));
  const morning = 0.45 * Math.exp(-((h - 9) ** 2) / (2 * 2 ** 2));
  const day = date.getUTCDay();
  const weekend = day === 0 || day === 6 ? 0.55 : 1;
  return (0.18 + peak + morning) * weekend;
}

/**
 * Splits `total` requests over `hours` consecutive hours from `startMs` following
 * `trafficWeight` with a little noise; largest-remainder rounding makes the sum exactly `total`.
 */
export function planHourlyCounts(
  startMs: number,
  hours: number,
  total: number,
  rng: Rng,
): number[] {
  const weights = Array.from(
    { length: hours },
    (_, i) => trafficWeight(startMs + i * HOUR_MS) * (0.9 + 0.2 * rng.next()),
  );
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (w / sum) * total : 0));
  const counts = exact.map(Math.floor);
  let missing = total - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((value, i) => ({ i, rest: value - Math.floor(value) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    missing--;
  }
  return counts;
}

/** `n` sorted offsets in [0, HOUR_MS), uniform. */
export function spreadInHour(n: number, rng: Rng): number[] {
  const offsets = Array.from({ length: n }, () => Math.floor(rng.next() * HOUR_MS));
  return offsets.sort((a, b) => a - b);
}

export { HOUR_MS };
