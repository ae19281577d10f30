/** The committed synthetic sample (docs/quality.md): where it lives and how it is serialized. */
import path from "node:path";
import { generateQualitySample } from "./synthetic";

export const SAMPLE_PATH = path.join(import.meta.dirname, "synthetic-sample.jsonl");
export const SAMPLE_SIZE = 1200;
export const SAMPLE_SEED = 15;

/** The sample as JSON Lines, one example per line. */
export function sampleJsonl(size = SAMPLE_SIZE, seed = SAMPLE_SEED): string {
  return generateQualitySample(size, seed)
    .map((example) => JSON.stringify(example))
    .join("\n")
    .concat("\n");
}
