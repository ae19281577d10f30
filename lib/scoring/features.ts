/**
 * The learned scorer's feature vector: hashed word n-grams of the prompt, hashed metadata values
 * (task, user tier, priority, latency class, tags) and a few dense request-shape features. The
 * vector is sparse; one hashed slot per n-gram with a sign bit, so collisions cancel on average.
 */
import type { RequestFeatures } from "@/lib/router";
import { forEachNgramHash, hashString } from "./text-features";

/** The dense request-shape features, appended after the hashed slots, in this order. */
export const SHAPE_FEATURES = [
  "bias",
  "log_tokens",
  "turns",
  "messages",
  "tools",
  "images",
  "json_schema",
  "json_object",
  "log_max_output",
  "critical",
] as const;

/** Default hashed slots: 2^14 keeps collisions rare for a route's vocabulary and the model small. */
export const DEFAULT_HASH_BITS = 14;

/** A sparse vector: `length` used entries of `indices` and `values`. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
  length: number;
}

/** Total dimension for a number of hash bits. */
export function dimensionFor(hashBits: number): number {
  return (1 << hashBits) + SHAPE_FEATURES.length;
}

/**
 * Builds feature vectors for one hash size. Reuses one scratch buffer, so a featurizer is not
 * re-entrant (scoring is synchronous, so one per scorer is safe).
 */
export function createFeaturizer(hashBits: number = DEFAULT_HASH_BITS) {
  const slots = 1 << hashBits;
  const mask = slots - 1;
  const dims = dimensionFor(hashBits);
  const scratch = new Float64Array(dims);
  const touched = new Int32Array(dims);
  const listed = new Uint8Array(dims);
  let count = 0;

  const add = (index: number, value: number) => {
    if (listed[index] === 0) {
      listed[index] = 1;
      touched[count++] = index;
    }
    scratch[index] = (scratch[index] ?? 0) + value;
  };
  const addHash = (hash: number, value: number) => {
    add(hash & mask, hash & 0x80000000 ? -value : value);
  };
  const addText = (hash: number) => addHash(hash, 1);

  /** Fills `scratch`/`touched` with one request's features; returns how many slots it touched. */
  const fill = (features: RequestFeatures): number => {
    count = 0;
    forEachNgramHash(features.content.text(), addText);
    // Scale the text part to unit norm so a long prompt does not drown the other features.
    if (count > 0) {
      let norm = 0;
      for (let i = 0; i < count; i++) norm += (scratch[touched[i] ?? 0] ?? 0) ** 2;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let i = 0; i < count; i++) {
        const index = touched[i] ?? 0;
        scratch[index] = (scratch[index] ?? 0) * scale;
      }
    }
    const meta = features.metadata;
    if (meta.task !== null) addHash(hashString(`task=${meta.task}`), 1);
    if (meta.userTier !== null) addHash(hashString(`tier=${meta.userTier}`), 1);
    if (meta.latencyClass !== null) addHash(hashString(`latency=${meta.latencyClass}`), 1);
    addHash(hashString(`priority=${meta.priority}`), 1);
    for (const tag of meta.tags) addHash(hashString(`tag=${tag}`), 1);
    addShape(features, slots, add);
    return count;
  };
  return {
    dims,
    /** The sparse vector of one request (reads prompt text through the accessor); for training. */
    featurize(features: RequestFeatures): SparseVector {
      const touchedCount = fill(features);
      const indices = new Int32Array(touchedCount);
      const values = new Float64Array(touchedCount);
      let length = 0;
      for (let i = 0; i < touchedCount; i++) {
        const index = touched[i] ?? 0;
        const value = scratch[index] ?? 0;
        scratch[index] = 0;
        listed[index] = 0;
        // Colliding n-grams of opposite signs can sum to exactly 0: not worth an entry.
        if (value === 0) continue;
        indices[length] = index;
        values[length++] = value;
      }
      return { indices, values, length };
    },
    /**
     * `weights · featurize(features)` without allocating a vector: the per-request path, which
     * should leave no garbage per request beyond a few short metadata strings.
     */
    dot(weights: Float64Array, features: RequestFeatures): number {
      const touchedCount = fill(features);
      let sum = 0;
      for (let i = 0; i < touchedCount; i++) {
        const index = touched[i] ?? 0;
        sum += (weights[index] ?? 0) * (scratch[index] ?? 0);
        scratch[index] = 0;
        listed[index] = 0;
      }
      return sum;
    },
  };
}

/** A featurizer as returned by `createFeaturizer`. */
export type Featurizer = ReturnType<typeof createFeaturizer>;

function addShape(
  f: RequestFeatures,
  base: number,
  add: (index: number, value: number) => void,
): void {
  // Values are scaled to roughly [0, 1] so one learning rate suits every feature.
  const values: Record<(typeof SHAPE_FEATURES)[number], number> = {
    bias: 1,
    log_tokens: Math.log1p(f.estimatedInputTokens) / 10,
    turns: Math.min(1, f.conversationTurns / 20),
    messages: Math.min(1, f.messageCount / 20),
    tools: f.hasTools ? 1 : 0,
    images: f.hasImages ? 1 : 0,
    json_schema: f.responseFormat === "json_schema" ? 1 : 0,
    json_object: f.responseFormat === "json_object" ? 1 : 0,
    log_max_output: f.maxOutputTokens === null ? 0 : Math.log1p(f.maxOutputTokens) / 10,
    critical: f.metadata.priority === "critical" ? 1 : 0,
  };
  SHAPE_FEATURES.forEach((name, i) => {
    if (values[name] !== 0) add(base + i, values[name]);
  });
}
