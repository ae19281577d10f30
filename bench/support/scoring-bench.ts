/**
 * Per-request cost of difficulty scoring: the built-in heuristic vs a learned scorer (hashed
 * n-grams + logistic regression, trained on the synthetic sample), side by side in one run.
 * Each request gets fresh features, so the learned scorer pays for joining the prompt text too.
 * Rounds interleave the two scorers (alternating which goes first) to share the machine's noise.
 */
import { extractFeatures, heuristicScorer, type DifficultyScorer } from "@/lib/router";
import type { RequestFeatures } from "@/lib/router";
import {
  createLearnedScorer,
  evalToLabelled,
  toTrainingExamples,
  trainScorer,
} from "@/lib/scoring";
import { generateQualitySample } from "@/tests/support/quality/synthetic";

interface Workload {
  name: string;
  prompts: string[];
}

function workloads(): Workload[] {
  const sample = generateQualitySample(400, 99).map((e) => e.prompt ?? "");
  const sized = (bytes: number) => {
    const base = sample.join(" ");
    return Array.from({ length: 50 }, (_, i) => base.slice(i * 97, i * 97 + bytes));
  };
  return [
    { name: "sample prompts (mixed, ~0.1–2 KB)", prompts: sample },
    { name: "1 KB prompt", prompts: sized(1024) },
    { name: "8 KB prompt", prompts: sized(8 * 1024) },
    { name: "64 KB prompt (head+tail read)", prompts: sized(64 * 1024) },
  ];
}

function featuresOf(prompt: string): RequestFeatures {
  return extractFeatures(
    { model: "auto", messages: [{ role: "user", content: prompt }] },
    { task: "support", userTier: "free" },
  );
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * Per-call p50/p99 (µs, hrtime around each call) and CPU µs per call (process CPU time over chunks
 * of 100 calls: robust to this shared machine descheduling us mid-call, which puts wall-clock
 * outliers of several ms into p99). Features are extracted just before use (untimed) and dropped
 * after, as on the request path; holding thousands alive made the bench's own GC show up.
 */
function measure(scorer: DifficultyScorer, prompts: readonly string[], requests: number) {
  const samples = new Float64Array(requests);
  let sink = 0;
  let cpu = 0;
  const chunk: RequestFeatures[] = [];
  for (let i = 0; i < requests; i++) {
    const features = featuresOf(prompts[i % prompts.length] ?? "");
    const start = process.hrtime.bigint();
    sink += scorer.score(features);
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
    chunk.push(featuresOf(prompts[(i * 7) % prompts.length] ?? ""));
    if (chunk.length === 100 || i === requests - 1) {
      const before = process.cpuUsage();
      for (const f of chunk) sink += scorer.score(f);
      const used = process.cpuUsage(before);
      cpu += used.user + used.system;
      chunk.length = 0;
    }
  }
  if (!Number.isFinite(sink)) throw new Error("a score was not finite");
  samples.sort();
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), cpu: cpu / requests };
}

/** Runs the comparison and prints one Markdown table. */
export function runScoringBench(rounds: number, requests: number): void {
  const training = toTrainingExamples(generateQualitySample(1200).map(evalToLabelled));
  const model = trainScorer(training.examples, { name: "learned-bench", trainedAt: "bench" });
  const learned = createLearnedScorer(model);
  const scorers = [heuristicScorer, learned];
  console.log(
    `\nscoring bench: ${rounds} interleaved rounds × ${requests} requests per scorer; ` +
      `learned model: ${model.weights.indices.length} non-zero weights of 2^${model.hashBits}`,
  );
  console.log(
    "| workload | scorer | p50 µs (median, spread) | p99 µs (median) | CPU µs/call | p50 vs heuristic |",
  );
  console.log("|---|---|---|---:|---:|---:|");
  for (const workload of workloads()) {
    for (const scorer of scorers) measure(scorer, workload.prompts, 2000); // warm-up (JIT)
    const results = scorers.map(() => [] as ReturnType<typeof measure>[]);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const s of order) results[s]?.push(measure(scorers[s]!, workload.prompts, requests));
    }
    const heuristicP50 = median(results[0]?.map((r) => r.p50) ?? []);
    scorers.forEach((scorer, s) => {
      const rows = results[s] ?? [];
      const p50s = rows.map((r) => r.p50);
      const p50 = median(p50s);
      console.log(
        `| ${workload.name} | ${scorer.name} | ${p50.toFixed(2)} (${Math.min(...p50s).toFixed(2)}–${Math.max(...p50s).toFixed(2)}) | ` +
          `${median(rows.map((r) => r.p99)).toFixed(2)} | ${median(rows.map((r) => r.cpu)).toFixed(2)} | ` +
          `${s === 0 ? "1×" : `${(p50 / heuristicP50).toFixed(1)}× (+${(p50 - heuristicP50).toFixed(2)} µs)`} |`,
      );
    });
  }
}
