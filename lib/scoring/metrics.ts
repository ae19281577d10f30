/** Ranking and probability metrics shared by training's offline evaluation and `eval:router`. */

/**
 * ROC AUC: the probability that a random positive scores above a random negative (ties count
 * half). `null` when one class is missing.
 */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number | null {
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    const value = scores[order[i] ?? 0];
    while (j + 1 < order.length && scores[order[j + 1] ?? 0] === value) j++;
    const averageRank = (i + j) / 2 + 1; // ranks are 1-based; ties share the mean rank
    for (let k = i; k <= j; k++) {
      if (positive[order[k] ?? 0]) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean log loss of probabilities against 0/1 outcomes; `null` for no examples. */
export function logLoss(probabilities: readonly number[], positive: readonly boolean[]) {
  if (probabilities.length === 0) return null;
  let sum = 0;
  probabilities.forEach((p, i) => {
    const clamped = Math.min(1 - 1e-15, Math.max(1e-15, p));
    sum -= positive[i] ? Math.log(clamped) : Math.log(1 - clamped);
  });
  return sum / probabilities.length;
}

/** Mean squared error of probabilities against 0/1 outcomes; `null` for no examples. */
export function brierScore(probabilities: readonly number[], positive: readonly boolean[]) {
  if (probabilities.length === 0) return null;
  let sum = 0;
  probabilities.forEach((p, i) => {
    sum += (p - (positive[i] ? 1 : 0)) ** 2;
  });
  return sum / probabilities.length;
}
