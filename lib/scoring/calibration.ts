/**
 * Platt scaling: maps a raw logit z to sigmoid(a·z + b), fitted on examples the weights never saw,
 * so the output reads as a probability. Fitted by Newton's method on the log loss with Platt's
 * smoothed targets (which keep a small fold from producing 0 or 1).
 */
import { sigmoid } from "./logistic";

/** `p = sigmoid(a * logit + b)`. */
export interface PlattCalibration {
  a: number;
  b: number;
}

export const IDENTITY_CALIBRATION: PlattCalibration = { a: 1, b: 0 };

/** Fits a and b on held-out logits and 0/1 targets. */
export function fitPlatt(logits: readonly number[], targets: readonly number[]): PlattCalibration {
  const positives = targets.filter((t) => t >= 0.5).length;
  const negatives = targets.length - positives;
  if (positives === 0 || negatives === 0) {
    // One class only: no slope to learn; the prior (smoothed) is the best constant.
    return { a: 0, b: Math.log((positives + 1) / (negatives + 1)) };
  }
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  const smoothed = targets.map((t) => (t >= 0.5 ? hi : lo));
  let a = 1;
  let b = Math.log((positives + 1) / (negatives + 1));
  let loss = plattLoss(logits, smoothed, a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    logits.forEach((z, i) => {
      const p = sigmoid(a * z + b);
      const d = p - (smoothed[i] ?? 0);
      const w = p * (1 - p);
      ga += d * z;
      gb += d;
      haa += w * z * z;
      hab += w * z;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    if (Math.abs(ga) + Math.abs(gb) < 1e-9 || det <= 0) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // Backtracking keeps each step a descent step.
    let step = 1;
    let next = plattLoss(logits, smoothed, a - step * da, b - step * db);
    while (next > loss && step > 1e-6) {
      step /= 2;
      next = plattLoss(logits, smoothed, a - step * da, b - step * db);
    }
    if (next > loss) break;
    a -= step * da;
    b -= step * db;
    const improved = loss - next;
    loss = next;
    if (improved < 1e-12) break;
  }
  return { a, b };
}

/** Applies a calibration to a raw logit. */
export function calibrate(logit: number, calibration: PlattCalibration): number {
  return sigmoid(calibration.a * logit + calibration.b);
}

function plattLoss(logits: readonly number[], targets: readonly number[], a: number, b: number) {
  let loss = 0;
  logits.forEach((z, i) => {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(a * z + b)));
    const t = targets[i] ?? 0;
    loss -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
  });
  return loss;
}
