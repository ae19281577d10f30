/**
 * `npm run bench:feedback`: does feedback ingest move `/v1` chat latency? `npm start` (1 worker)
 * on a fresh Postgres bench database in front of the fake upstream (0 ms answers); a latency
 * probe sends sequential chat completions (concurrency 1) and reports p50/p99, without and with
 * a concurrent feedback load of RATE events/s (bench/support/feedback-load.mjs, its own process,
 * `POST /v1/feedback` for decisions made before the rounds). The two conditions alternate within
 * each round, order reversed every other round; ratios are paired per round.
 *
 * Options (env): ROUNDS (5), REQUESTS (600 per condition and round), RATE (10000), DECISIONS
 * (2000), DATABASE_URL (admin connection, default postgresql://postgres@127.0.0.1:5432/postgres).
 * On a machine with few cores the load generator competes with the server for CPU: its achieved
 * rate and answers are printed with the results.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { SERVER_NODE_FLAGS } from "../server/server-flags";
import { createPostgresDb } from "../lib/db/engine/client";
import { createBenchDatabase } from "./support/bench-config";
import { runSequential, type Target } from "./support/load";
import { benchServerEnv, startFakeServer, startProcess, type Proc } from "./support/processes";

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const REQUESTS = Number(process.env.REQUESTS ?? 600);
const RATE = Number(process.env.RATE ?? 10_000);
const DECISIONS = Number(process.env.DECISIONS ?? 2000);
const ADMIN_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PORT = 18401;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const range = (xs: number[], digits: number): string =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

function machine(): string {
  const cpu = fs
    .readFileSync("/proc/cpuinfo", "utf8")
    .split("\n")
    .find((l) => l.startsWith("model name"))
    ?.split(":")[1]
    ?.trim();
  return `${os.availableParallelism()} cores (${cpu ?? "unknown CPU"}), Node ${process.version}`;
}

/** One chat completion; its decision id. */
function decide(agent: http.Agent, key: string): Promise<string> {
  const body = JSON.stringify({ model: "bench", messages: [{ role: "user", content: "hi" }] });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: PORT,
        method: "POST",
        path: "/v1/chat/completions",
        agent,
        headers: {
          authorization: `Bearer ${key}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(String(res.headers["x-switchboard-decision-id"] ?? "")));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const procs: Proc[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sb-bench-feedback-"));
  const fake = await startFakeServer();
  procs.push(fake.proc);
  const bench = await createBenchDatabase(ADMIN_URL, fake.url);
  try {
    const db = createPostgresDb(bench.url);
    const route = await db.prisma.route.findUniqueOrThrow({ where: { slug: "bench" } });
    await db.prisma.routeMetric.create({
      data: { routeId: route.id, name: "ok", type: "boolean", categories: [] },
    });
    await db.close();
    const server = await startProcess(
      "node",
      [...SERVER_NODE_FLAGS, "server/run-server.mjs"],
      benchServerEnv(bench.url, tmp, { PORT: String(PORT), HOST: "127.0.0.1" }),
      /running at/,
    );
    procs.push(server);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const ids: string[] = [];
    for (let i = 0; i < DECISIONS; i++) ids.push(await decide(agent, bench.apiKey));
    agent.destroy();
    const idsFile = path.join(tmp, "ids.txt");
    fs.writeFileSync(idsFile, ids.join("\n"));
    const target: Target = {
      name: "Switchboard",
      origin: `http://127.0.0.1:${PORT}`,
      path: "/v1/chat/completions",
      headers: { authorization: `Bearer ${bench.apiKey}` },
      pid: null,
    };
    await runSequential(target, "bench", false, 300); // warm-up
    const quiet = { p50: [] as number[], p99: [] as number[] };
    const loaded = { p50: [] as number[], p99: [] as number[] };
    const ratios = { p50: [] as number[], p99: [] as number[] };
    const achieved: number[] = [];
    const answers: Record<string, number> = {};
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 === 1 ? ["quiet", "loaded"] : ["loaded", "quiet"];
      const r: Record<string, { p50: number; p99: number }> = {};
      for (const condition of order) {
        let load: Proc | null = null;
        if (condition === "loaded") {
          load = await startProcess(
            "node",
            ["bench/support/feedback-load.mjs", target.origin, bench.apiKey, idsFile, String(RATE)],
            {},
            /load started/,
          );
          await new Promise((res) => setTimeout(res, 500)); // reach the rate first
        }
        const result = await runSequential(target, "bench", false, REQUESTS);
        r[condition] = result;
        if (load) {
          await load.stop();
          const line = load.output().trim().split("\n").pop() ?? "{}";
          const stats = JSON.parse(line) as { perSecond: number; counts: Record<string, number> };
          achieved.push(stats.perSecond);
          for (const [k, v] of Object.entries(stats.counts)) answers[k] = (answers[k] ?? 0) + v;
        }
        const sink = condition === "quiet" ? quiet : loaded;
        sink.p50.push(result.p50);
        sink.p99.push(result.p99);
      }
      ratios.p50.push(r.loaded!.p50 / r.quiet!.p50);
      ratios.p99.push(r.loaded!.p99 / r.quiet!.p99);
      process.stderr.write(
        `round ${round}: quiet p50 ${r.quiet!.p50.toFixed(2)} p99 ${r.quiet!.p99.toFixed(2)}; ` +
          `loaded p50 ${r.loaded!.p50.toFixed(2)} p99 ${r.loaded!.p99.toFixed(2)} ms; ` +
          `feedback ${achieved.at(-1)?.toFixed(0)}/s\n`,
      );
    }
    console.log(`\nbench:feedback — ${new Date().toISOString().slice(0, 10)}, ${machine()}`);
    console.log(
      `${REQUESTS} sequential chat requests per condition, ${ROUNDS} interleaved rounds, feedback target ${RATE}/s (median, min–max)\n`,
    );
    console.log("| condition | chat p50 ms | chat p99 ms |");
    console.log("|---|---|---|");
    console.log(`| no feedback | ${range(quiet.p50, 2)} | ${range(quiet.p99, 2)} |`);
    console.log(`| feedback load | ${range(loaded.p50, 2)} | ${range(loaded.p99, 2)} |`);
    console.log(
      `| ratio (paired per round) | ×${range(ratios.p50, 2)} | ×${range(ratios.p99, 2)} |`,
    );
    console.log(
      `\nfeedback achieved: ${range(achieved, 0)} events/s; answers ${JSON.stringify(answers)}`,
    );
  } finally {
    for (const p of procs.reverse()) await p.stop();
    await bench.drop().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
