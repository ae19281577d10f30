/**
 * `npm run bench:workers`: throughput of `npm start` with 1 and with 2 worker processes
 * (SWITCHBOARD_WORKERS) on one Postgres, at 50 connections against the same fake upstream
 * (0 ms answers), with a bare Node hop measured in the same rounds as the reference. Each round
 * runs every target back to back, the order reversed every other round (this VM's speed drifts
 * within minutes). Needs Postgres (DATABASE_URL or 127.0.0.1:5432); only 127.0.0.1 is targeted.
 *
 * Options (env): ROUNDS (5), SECONDS (5), CONNECTIONS (50), WORKERS ("1,2": the worker counts).
 * The load generator runs in this process: on a machine with few cores it competes with the
 * workers for CPU, so compare the ratio to the number of cores left over, not to the count.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SERVER_NODE_FLAGS } from "../server/server-flags";
import { createBenchDatabase } from "./support/bench-config";
import { runSequential, runThroughput, type Target } from "./support/load";
import {
  benchServerEnv,
  startBareHop,
  startFakeServer,
  startProcess,
  type Proc,
} from "./support/processes";

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SECONDS = Number(process.env.SECONDS ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const WORKERS = (process.env.WORKERS ?? "1,2").split(",").map((w) => Number(w.trim()));
const ADMIN_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function machine(): string {
  const cpu = fs
    .readFileSync("/proc/cpuinfo", "utf8")
    .split("\n")
    .find((l) => l.startsWith("model name"))
    ?.split(":")[1]
    ?.trim();
  return `${os.availableParallelism()} cores (${cpu ?? os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}`;
}

async function main(): Promise<void> {
  const procs: Proc[] = [];
  const drops: (() => Promise<void>)[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sb-bench-workers-"));
  try {
    const fake = await startFakeServer();
    procs.push(fake.proc);
    const fakeUrl = fake.url;
    const targets: Target[] = [];
    const hop = await startBareHop(18301, fakeUrl);
    procs.push(hop);
    targets.push({
      name: "bare Node hop",
      origin: "http://127.0.0.1:18301",
      path: "/v1/chat/completions",
      headers: {},
      pid: null,
    });
    for (const [i, count] of WORKERS.entries()) {
      // A database per server: budgets and decisions of one never slow the other.
      const db = await createBenchDatabase(ADMIN_URL, fakeUrl);
      drops.push(db.drop);
      const port = 18302 + i;
      const sb = await startProcess(
        "node",
        [...SERVER_NODE_FLAGS, "server/run-server.mjs"],
        benchServerEnv(db.url, path.join(tmp, String(count)), {
          SWITCHBOARD_WORKERS: String(count),
          PORT: String(port),
          HOST: "127.0.0.1",
        }),
        /running at/,
      );
      procs.push(sb);
      targets.push({
        name: `Switchboard, ${count} worker${count === 1 ? "" : "s"}`,
        origin: `http://127.0.0.1:${port}`,
        path: "/v1/chat/completions",
        headers: { authorization: `Bearer ${db.apiKey}` },
        // CPU is spread over the workers: not charged here.
        pid: null,
      });
    }
    const model = (t: Target): string =>
      t.name.startsWith("Switchboard") ? "bench" : "bench-model";
    // Warm-up: JIT in every worker, keep-alive pools, caches.
    for (const t of targets) {
      await runSequential(t, model(t), false, 300);
      await runThroughput(t, model(t), CONNECTIONS, 2);
    }
    const rps = new Map<string, number[]>();
    const ratios = new Map<string, number[]>();
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 === 1 ? targets : [...targets].reverse();
      const thisRound = new Map<string, number>();
      for (const t of order) {
        const r = await runThroughput(t, model(t), CONNECTIONS, SECONDS);
        thisRound.set(t.name, r.rps);
        rps.set(t.name, [...(rps.get(t.name) ?? []), r.rps]);
        process.stderr.write(
          `round ${round} ${t.name}: ${r.rps.toFixed(0)} req/s, errors ${r.errors}\n`,
        );
      }
      const one = thisRound.get(targets[1]!.name)!;
      for (const t of targets.slice(2)) {
        const list = ratios.get(t.name) ?? [];
        list.push(thisRound.get(t.name)! / one);
        ratios.set(t.name, list);
      }
    }
    console.log(`\nbench:workers — ${new Date().toISOString().slice(0, 10)}, ${machine()}`);
    console.log(
      `${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} interleaved rounds (median, min–max)\n`,
    );
    console.log("| target | req/s |");
    console.log("|---|---|");
    for (const t of targets) {
      const xs = rps.get(t.name)!;
      console.log(
        `| ${t.name} | ${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}) |`,
      );
    }
    for (const [name, xs] of ratios) {
      console.log(
        `\n${name} vs 1 worker, paired per round: ×${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`,
      );
    }
  } finally {
    for (const p of procs.reverse()) await p.stop();
    for (const drop of drops) await drop().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
