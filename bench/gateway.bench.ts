/**
 * `npm run bench:gateway`: the cost of each hop in front of the same fake upstream (0 ms answers),
 * side by side in one run, interleaved over several rounds: direct, a bare Node hop, Switchboard's
 * `npm start` fast path (routing, budgets and decision logging on), Switchboard's route handlers
 * under `next start`, and Portkey's open-source gateway. Needs Postgres (DATABASE_URL or
 * 127.0.0.1:5432) so the two Switchboard processes share one database; only 127.0.0.1 is targeted.
 * Prints a table per hop, then issue 7's goals as ratios paired per round.
 *
 * Options (env): ROUNDS (3), SEQ (1500 requests at concurrency 1), STREAM_SEQ (500),
 * SECONDS (5 at 50 connections), CONNECTIONS (50), ONLY (comma-separated hop names to run),
 * FAST_NODE_ARGS (extra Node flags for the fast-path process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createBenchDatabase } from "./support/bench-config";
import { SERVER_NODE_FLAGS } from "../server/server-flags";
import { runSequential, runThroughput, type Target } from "./support/load";
import {
  benchServerEnv,
  bin,
  startBareHop,
  startFakeServer,
  startProcess,
  type Proc,
} from "./support/processes";

type SeqResult = Awaited<ReturnType<typeof runSequential>>;

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SEQ = Number(process.env.SEQ ?? 1500);
const STREAM_SEQ = Number(process.env.STREAM_SEQ ?? 500);
const SECONDS = Number(process.env.SECONDS ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const ADMIN_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const ONLY = process.env.ONLY?.split(",").map((o) => o.trim().toLowerCase());
/** Whether a hop is part of this run (ONLY=fast,portkey starts just those, plus direct). */
const wanted = (name: string): boolean =>
  !ONLY || name === "direct" || ONLY.some((o) => name.toLowerCase().includes(o));

interface Sample {
  p50: number;
  p99: number;
  ttfb: number;
  rps: number;
  cpu: number | null;
  errors: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const spread = (xs: number[], digits: number): string =>
  `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

async function main(): Promise<void> {
  const procs: Proc[] = [];
  let drop: (() => Promise<void>) | null = null;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sb-bench-"));
  try {
    const fake = await startFakeServer();
    procs.push(fake.proc);
    const fakeUrl = fake.url;
    const db = await createBenchDatabase(ADMIN_URL, fakeUrl);
    drop = db.drop;
    // One process per hop, as measured before workers existed (bench:workers measures them).
    const common = benchServerEnv(db.url, tmp, {
      // Set SWITCHBOARD_NEXT_DIST_DIR to build the benchmarked app in a folder of its own.
      SWITCHBOARD_NEXT_DIST_DIR: process.env.SWITCHBOARD_NEXT_DIST_DIR,
    });
    const auth = { authorization: `Bearer ${db.apiKey}` };
    const targets: Target[] = [
      { name: "direct", origin: fakeUrl, path: "/v1/chat/completions", headers: {}, pid: null },
    ];

    if (wanted("bare Node hop")) {
      const hop = await startBareHop(18101, fakeUrl);
      procs.push(hop);
      targets.push({
        name: "bare Node hop",
        origin: "http://127.0.0.1:18101",
        path: "/v1/chat/completions",
        headers: {},
        pid: hop.pid,
      });
    }

    if (wanted("Switchboard fast path")) {
      const sb = await startProcess(
        "node",
        [
          ...SERVER_NODE_FLAGS,
          ...(process.env.FAST_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
          "server/run-server.mjs",
        ],
        { ...common, PORT: "18102", HOST: "127.0.0.1" },
        /running at/,
      );
      procs.push(sb);
      targets.push({
        name: "Switchboard fast path",
        origin: "http://127.0.0.1:18102",
        path: "/v1/chat/completions",
        headers: auth,
        pid: sb.pid,
      });
    }

    // `next start` serves the route handlers; it does not own an embedded database here.
    if (wanted("Switchboard route handlers (next start)")) {
      const ns = await startProcess(
        bin("next"),
        ["start", "-p", "18103", "-H", "127.0.0.1"],
        common,
        /Ready|started server|Local:/,
      );
      procs.push(ns);
      targets.push({
        name: "Switchboard route handlers (next start)",
        origin: "http://127.0.0.1:18103",
        path: "/api/v1/chat/completions",
        headers: auth,
        pid: ns.pid,
      });
    }

    if (wanted("Portkey gateway 1.15.2")) {
      const pk = await startProcess(
        "node",
        ["node_modules/@portkey-ai/gateway/build/start-server.js", "--port=18104", "--headless"],
        { NODE_ENV: "production" },
        /Ready for connections/,
      );
      procs.push(pk);
      targets.push({
        name: "Portkey gateway 1.15.2",
        origin: "http://127.0.0.1:18104",
        path: "/v1/chat/completions",
        headers: {
          "x-portkey-provider": "openai",
          "x-portkey-custom-host": `${fakeUrl}/v1`,
          authorization: "Bearer sk-fake",
        },
        pid: pk.pid,
      });
    }

    const active = targets;
    const model = (t: Target): string =>
      t.name.startsWith("Switchboard") ? "bench" : "bench-model";
    // Warm-up: JIT, keep-alive pools, caches.
    for (const t of active) {
      await runSequential(t, model(t), false, 300);
      await runSequential(t, model(t), true, 100);
    }
    const samples = new Map<string, Sample[]>();
    // Each round measures latency on every hop, then throughput on every hop back to back, the
    // order reversed every other round: the throughput runs a goal pairs are seconds apart (this
    // VM's speed drifts within minutes) and no hop always goes first.
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 === 1 ? active : [...active].reverse();
      const latency = new Map<string, { seq: SeqResult; str: SeqResult }>();
      for (const t of order) {
        const seq = await runSequential(t, model(t), false, SEQ);
        const str = await runSequential(t, model(t), true, STREAM_SEQ);
        latency.set(t.name, { seq, str });
      }
      for (const t of order) {
        const { seq, str } = latency.get(t.name)!;
        const thr = await runThroughput(t, model(t), CONNECTIONS, SECONDS);
        const list = samples.get(t.name) ?? [];
        list.push({
          p50: seq.p50,
          p99: seq.p99,
          ttfb: str.ttfbP50,
          rps: thr.rps,
          cpu: thr.cpuUsPerReq,
          errors: seq.errors + str.errors + thr.errors,
        });
        samples.set(t.name, list);
        process.stderr.write(
          `round ${round} ${t.name}: p50 ${seq.p50.toFixed(3)} ms, ttfb ${str.ttfbP50.toFixed(3)} ms, ${thr.rps.toFixed(0)} req/s, cpu ${thr.cpuUsPerReq?.toFixed(0) ?? "-"} µs, errors ${seq.errors + str.errors + thr.errors}\n`,
        );
      }
    }
    printTable(active, samples);
    printGoals(samples);
  } finally {
    for (const p of procs.reverse()) await p.stop();
    await drop?.();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function printTable(targets: Target[], samples: Map<string, Sample[]>): void {
  const direct = samples.get("direct")!;
  const lines = [
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; ${ROUNDS} interleaved rounds; medians (spread = min–max over rounds).`,
    "",
    "| hop | CPU µs/request | added p50 ms (c=1) | added p99 ms (c=1) | added TTFB ms (stream) | req/s at " +
      CONNECTIONS +
      " conns | errors |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const t of targets) {
    const s = samples.get(t.name)!;
    const added = (k: "p50" | "p99" | "ttfb"): number[] => s.map((x, i) => x[k] - direct[i]![k]);
    const cpu = s.map((x) => x.cpu ?? 0);
    const cell = (xs: number[], d: number): string =>
      xs.some((x) => Number.isNaN(x))
        ? "n/a (failed)"
        : `${median(xs).toFixed(d)} (${spread(xs, d)})`;
    lines.push(
      `| ${t.name} | ${t.pid ? cell(cpu, 0) : "–"} | ${t.pid ? cell(added("p50"), 3) : `${median(s.map((x) => x.p50)).toFixed(3)} (abs)`} | ${t.pid ? cell(added("p99"), 3) : `${median(s.map((x) => x.p99)).toFixed(3)} (abs)`} | ${t.pid ? cell(added("ttfb"), 3) : `${median(s.map((x) => x.ttfb)).toFixed(3)} (abs)`} | ${cell(
        s.map((x) => x.rps),
        0,
      )} | ${s.reduce((a, x) => a + x.errors, 0)} |`,
    );
  }
  console.log(lines.join("\n"));
}

/**
 * Issue 7's goals as ratios paired per round (each round's hops ran back to back), then the
 * median over rounds: this VM's speed drifts between rounds, and a ratio of two medians can pair
 * a fast round of one hop with a slow round of another.
 */
function printGoals(samples: Map<string, Sample[]>): void {
  const fast = samples.get("Switchboard fast path");
  if (!fast) return;
  const bare = samples.get("bare Node hop");
  const portkey = samples.get("Portkey gateway 1.15.2");
  const direct = samples.get("direct")!;
  const paired = (other: Sample[] | undefined, f: (a: Sample, b: Sample) => number) =>
    other ? fast.map((x, i) => f(x, other[i]!)) : null;
  const row = (goal: string, xs: number[] | null, ok: (m: number) => boolean, unit: string) => {
    if (!xs || xs.some((x) => !Number.isFinite(x))) return `| ${goal} | n/a | |`;
    const m = median(xs);
    return `| ${goal} | ${m.toFixed(2)}${unit} (${spread(xs, 2)}) | ${ok(m) ? "met" : "**not met**"} |`;
  };
  const lines = [
    "",
    "Goals (issue 7), paired per round; median (min–max over rounds):",
    "",
    "| goal | result | |",
    "|---|---|---|",
    row(
      "CPU ≤ 2.5× the bare Node hop",
      paired(bare, (a, b) => (a.cpu ?? NaN) / (b.cpu ?? NaN)),
      (m) => m <= 2.5,
      "×",
    ),
    row(
      "CPU ≤ ¼ of Portkey's",
      paired(portkey, (a, b) => (a.cpu ?? NaN) / (b.cpu ?? NaN)),
      (m) => m <= 0.25,
      "×",
    ),
    row(
      "added p50 ≤ 0.5 ms",
      fast.map((x, i) => x.p50 - direct[i]!.p50),
      (m) => m <= 0.5,
      " ms",
    ),
    row(
      "added TTFB ≤ 1 ms",
      fast.map((x, i) => x.ttfb - direct[i]!.ttfb),
      (m) => m <= 1,
      " ms",
    ),
    row(
      "throughput ≥ 4× Portkey's",
      paired(portkey, (a, b) => a.rps / b.rps),
      (m) => m >= 4,
      "×",
    ),
  ];
  console.log(lines.join("\n"));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
