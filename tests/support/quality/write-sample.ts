// Regenerates the committed synthetic sample: `npx tsx tests/support/quality/write-sample.ts`.
import { writeFileSync } from "node:fs";
import { SAMPLE_PATH, SAMPLE_SIZE, sampleJsonl } from "./sample";

writeFileSync(SAMPLE_PATH, sampleJsonl(SAMPLE_SIZE));
console.log(`wrote ${SAMPLE_SIZE} examples to ${SAMPLE_PATH}`);
