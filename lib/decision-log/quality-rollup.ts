/**
 * Pure fold of feedback into `QualityRollup` rows: one per hour of the decision × route × model ×
 * policy version × metric (× category for category metrics). Rows carry count, sum and sum of
 * squares, so rows from any number of batches and instances add up, and a replaced value (the
 * same (decision, metric, source) sent again) is folded as its old value removed plus its new
 * value added.
 */

/** Feedback buckets are hours of the decision's time (UTC): quality is judged per decision. */
export const QUALITY_BUCKET_MS = 3_600_000;

/** What the fold reads of one stored feedback value. */
export interface FeedbackFact {
  decisionAt: Date;
  routeSlug: string;
  model: string;
  policyVersion: number;
  metric: string;
  /** boolean as 0/1, or the number; null for a category value. */
  value: number | null;
  category: string | null;
}

/** One rollup delta (counts may be negative when a value was replaced or moved). */
export interface QualityRollupRow {
  bucketStart: Date;
  routeSlug: string;
  model: string;
  policyVersion: number;
  metric: string;
  /** The category, or "" for boolean and number metrics (so the key stays unique). */
  category: string;
  count: number;
  sum: number;
  sumSquares: number;
}

/** Rows to add for `added` values minus `removed` ones (rows that cancel out are left out). */
export function foldQualityDeltas(
  added: readonly FeedbackFact[],
  removed: readonly FeedbackFact[] = [],
): QualityRollupRow[] {
  const rows = new Map<string, QualityRollupRow>();
  const add = (fact: FeedbackFact, sign: 1 | -1): void => {
    const bucket = Math.floor(fact.decisionAt.getTime() / QUALITY_BUCKET_MS) * QUALITY_BUCKET_MS;
    const category = fact.category ?? "";
    const key = JSON.stringify([
      bucket,
      fact.routeSlug,
      fact.model,
      fact.policyVersion,
      fact.metric,
      category,
    ]);
    let row = rows.get(key);
    if (!row) {
      row = {
        bucketStart: new Date(bucket),
        routeSlug: fact.routeSlug,
        model: fact.model,
        policyVersion: fact.policyVersion,
        metric: fact.metric,
        category,
        count: 0,
        sum: 0,
        sumSquares: 0,
      };
      rows.set(key, row);
    }
    const value = fact.value ?? 0;
    row.count += sign;
    row.sum += sign * value;
    row.sumSquares += sign * value * value;
  };
  for (const fact of removed) add(fact, -1);
  for (const fact of added) add(fact, 1);
  return [...rows.values()].filter((r) => r.count !== 0 || r.sum !== 0 || r.sumSquares !== 0);
}
