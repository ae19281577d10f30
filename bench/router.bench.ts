/**
 * Router decision time for policies of 10, 100 and 1,000 rules that mostly don't match (the
 * realistic worst case: every rule is evaluated before the default), and the memory of a
 * compiled snapshot. Several runs; prints median and spread across runs.
 *
 *   npm run bench:router            (ROUNDS=7 DECISIONS=20000 to change the defaults)
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { PolicyDocumentInput } from "@/lib/schemas/policy";
import { decideRoute, extractFeatures } from "@/lib/router";
import type { Condition } from "@/lib/schemas/policy";
import { buildTestSnapshot, createTestContext } from "@/tests/support/router/testing";
import { runScoringBench } from "./support/scoring-bench";

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const DECISIONS = Number(process.env.DECISIONS ?? 20_000);
const SIZES = [10, 100, 1000];

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Rule i mixes the condition kinds operators use; none holds for the bench request. */
function buildCondition(i: number): Condition {
  switch (i % 4) {
    case 0:
      return { type: "metadata", field: "task", equals: `task-${i}` };
    case 1:
      return {
        type: "all",
        conditions: [
          { type: "tag", anyOf: [`tag-${i}`, `team-${i}`] },
          { type: "numeric", field: "inputTokens", op: "gt", value: 1000 + i },
        ],
      };
    case 2:
      return {
        type: "any",
        conditions: [
          { type: "tenant", in: [`tenant-${i}`] },
          { type: "metadata", field: "userTier", in: ["enterprise", `tier-${i}`] },
        ],
      };
    default:
      return { type: "not", condition: { type: "budget", state: ["ok", "soft"] } };
  }
}

function buildPolicy(rules: number): PolicyDocumentInput {
  return {
    schemaVersion: 1,
    rules: Array.from({ length: rules }, (_, i) => ({
      id: `rule-${i}`,
      when: buildCondition(i),
      then: { strategy: "single" as const, model: "gpt-4o", fallbacks: ["claude-sonnet"] },
    })),
    default: { strategy: "single", model: "gpt-4o-mini", fallbacks: ["claude-haiku"] },
  };
}

const features = extractFeatures(
  {
    model: "auto",
    messages: [
      { role: "system", content: "You are a helpful support assistant." },
      { role: "user", content: "Where is my order #1234? It was due yesterday. ".repeat(10) },
    ],
    max_tokens: 512,
  },
  { task: "support", userTier: "free", tags: ["web"], endUserId: "user-42" },
);

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function runRound(rules: number): { p50: number; p99: number; cpu: number } {
  const snapshot = buildTestSnapshot({ policy: buildPolicy(rules) });
  const context = createTestContext(7);
  for (let i = 0; i < 2000; i++) decideRoute(features, snapshot, context); // warm-up (JIT)
  const samples = new Float64Array(DECISIONS);
  let sink = 0;
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < DECISIONS; i++) {
    const start = process.hrtime.bigint();
    const decision = decideRoute(features, snapshot, context);
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
    sink += decision.trace.rules.length;
  }
  const cpuUsed = process.cpuUsage(cpuStart);
  if (sink !== DECISIONS * rules) throw new Error("every rule should have been evaluated");
  samples.sort();
  // CPU time per decision (includes the two hrtime reads, ~0.1 µs); robust to a loaded machine.
  const cpu = (cpuUsed.user + cpuUsed.system) / DECISIONS;
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), cpu };
}

function measureSnapshotBytes(rules: number): number {
  const keep: unknown[] = [];
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 10; i++) keep.push(buildTestSnapshot({ policy: buildPolicy(rules) }));
  gc();
  const after = process.memoryUsage().heapUsed;
  if (keep.length !== 10) throw new Error("unreachable");
  return (after - before) / 10;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const fmt = (v: number) => v.toFixed(2);
const spread = (v: number[]) => `${fmt(Math.min(...v))}–${fmt(Math.max(...v))}`;

const load = (await import("node:os")).loadavg()[0] ?? 0;
console.log(
  `router bench: ${ROUNDS} rounds × ${DECISIONS} decisions, Node ${process.version}, load ${load.toFixed(1)}`,
);
console.log(
  "| rules | p50 µs (median, spread) | p99 µs (median, spread) | CPU µs/decision (median, spread) | compiled snapshot |",
);
console.log("|---:|---|---|---|---:|");
for (const rules of SIZES) {
  const rounds = Array.from({ length: ROUNDS }, () => runRound(rules));
  const p50 = rounds.map((r) => r.p50);
  const p99 = rounds.map((r) => r.p99);
  const memory = median([1, 2, 3].map(() => measureSnapshotBytes(rules)));
  console.log(
    `| ${rules} | ${fmt(median(p50))} (${spread(p50)}) | ${fmt(median(p99))} (${spread(p99)}) | ${fmt(median(rounds.map((r) => r.cpu)))} (${spread(rounds.map((r) => r.cpu))}) | ${(memory / 1024).toFixed(0)} KiB |`,
  );
}

const extractRounds = Array.from({ length: ROUNDS }, () => {
  const body = {
    model: "auto",
    messages: [{ role: "user" as const, content: "Where is my order? ".repeat(50) }],
  };
  const start = process.hrtime.bigint();
  for (let i = 0; i < DECISIONS; i++) extractFeatures(body, { task: "support" });
  return Number(process.hrtime.bigint() - start) / 1000 / DECISIONS;
});
console.log(
  `extractFeatures (1 KB prompt): mean ${fmt(median(extractRounds))} µs (${spread(extractRounds)})`,
);

// Issue 15: what a learned scorer adds per request, beside the heuristic, in the same run.
runScoringBench(ROUNDS, Number(process.env.REQUESTS ?? 5000));
