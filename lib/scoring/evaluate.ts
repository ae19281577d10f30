/**
 * Router evaluation in RouteLLM's terms (Ong et al., "RouteLLM", arXiv 2406.18665). A scorer ranks
 * requests; sending the top share c of them to the strong tier and the rest to the weak tier gives
 * a mean quality r(c). PGR(c) = (r(c) − r_weak) / (r_strong − r_weak) is the performance gap
 * recovered; APGR is its average over c in [0, 1] (the area under the PGR curve), and CPT(x) the
 * smallest share of strong calls whose PGR reaches x. A random router's expected curve is the
 * diagonal (APGR 0.5).
 *
 * Tied scores are split as a random tie-break would split them on average: the curve is linear
 * across a tie group, so a constant scorer is exactly the random baseline's expectation.
 */

/** One point of the quality vs share-of-strong-calls curve. */
export interface CurvePoint {
  strongShare: number;
  quality: number;
  pgr: number;
}

/** Results of one scorer on one sample. */
export interface RouterEvaluation {
  apgr: number;
  /** Share of strong calls (0..1) needed for 50 % / 80 % of the gap; `null` if never reached. */
  cpt50: number | null;
  cpt80: number | null;
  curve: CurvePoint[];
  strongQuality: number;
  weakQuality: number;
}

/**
 * Evaluates difficulty scores (higher = send to strong first) against per-example strong and weak
 * quality in [0, 1]. Throws when the strong tier is not better on average (no gap to recover).
 */
export function evaluateRouter(
  scores: readonly number[],
  strong: readonly number[],
  weak: readonly number[],
): RouterEvaluation {
  const n = scores.length;
  if (n === 0 || strong.length !== n || weak.length !== n) {
    throw new RangeError("scores, strong and weak need the same non-zero length");
  }
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  const strongQuality = sum(strong) / n;
  const weakQuality = sum(weak) / n;
  const gap = strongQuality - weakQuality;
  if (!(gap > 0)) throw new RangeError("the strong tier is not better than the weak on average");

  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  const curve: CurvePoint[] = [{ strongShare: 0, quality: weakQuality, pgr: 0 }];
  let total = weakQuality * n;
  let i = 0;
  while (i < n) {
    let j = i;
    const value = scores[order[i] ?? 0];
    while (j + 1 < n && scores[order[j + 1] ?? 0] === value) j++;
    for (let k = i; k <= j; k++) {
      const index = order[k] ?? 0;
      total += (strong[index] ?? 0) - (weak[index] ?? 0);
    }
    const quality = total / n;
    curve.push({ strongShare: (j + 1) / n, quality, pgr: (quality - weakQuality) / gap });
    i = j + 1;
  }

  let apgr = 0;
  for (let k = 1; k < curve.length; k++) {
    const a = curve[k - 1];
    const b = curve[k];
    if (a && b) apgr += ((a.pgr + b.pgr) / 2) * (b.strongShare - a.strongShare);
  }
  return {
    apgr,
    cpt50: callsForGap(curve, 0.5),
    cpt80: callsForGap(curve, 0.8),
    curve,
    strongQuality,
    weakQuality,
  };
}

/** The first share of strong calls at which the (piecewise linear) PGR curve reaches `target`. */
export function callsForGap(curve: readonly CurvePoint[], target: number): number | null {
  for (let k = 1; k < curve.length; k++) {
    const a = curve[k - 1];
    const b = curve[k];
    if (!a || !b || b.pgr < target) continue;
    if (a.pgr >= target) return a.strongShare;
    const t = (target - a.pgr) / (b.pgr - a.pgr);
    return a.strongShare + t * (b.strongShare - a.strongShare);
  }
  return null;
}

/** The curve sampled at fixed shares of strong calls (for printing and charts). */
export function sampleCurve(curve: readonly CurvePoint[], shares: readonly number[]): CurvePoint[] {
  return shares.map((share) => {
    for (let k = 1; k < curve.length; k++) {
      const a = curve[k - 1];
      const b = curve[k];
      if (!a || !b || b.strongShare < share) continue;
      const t =
        b.strongShare === a.strongShare
          ? 1
          : (share - a.strongShare) / (b.strongShare - a.strongShare);
      return {
        strongShare: share,
        quality: a.quality + t * (b.quality - a.quality),
        pgr: a.pgr + t * (b.pgr - a.pgr),
      };
    }
    const last = curve[curve.length - 1] ?? { strongShare: 1, quality: 0, pgr: 1 };
    return { ...last, strongShare: share };
  });
}
