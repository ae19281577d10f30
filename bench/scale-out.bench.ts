/**
 * `npm run bench:scale-out`: requests/s of one Switchboard instance against two separate
 * instances (two `npm start` processes on one Postgres, the load split round robin between them,
 * as a load balancer would), with a bare Node hop in front of the same fake upstream as the
 * reference, interleaved over several rounds (order reversed every other round). Every target
 * answers the same non-streaming request; only 127.0.0.1 is targeted. On a machine with few
 * cores the client, the fake upstream and Postgres share them with the instances: read the ratio
 * as what this machine gives, not as the scaling of instances on machines of their own.
 *
 * Options (env): ROUNDS (5), SECONDS (5 per run), CONNECTIONS (50 in total),
 * DATABASE_URL (admin URL, default postgresql://postgres@127.0.0.1:5432/postgres).
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { ensureBuilt } from "../server/build";
import { SERVER_NODE_FLAGS } from "../server/server-flags";
import { createBenchDatabase } from "./support/bench-config";
import { cpuSeconds, requestOnce, type Target } from "./support/load";
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
const ADMIN_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

interface Setup {
  name: string;
  targets: Target[];
  model: string;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** `CONNECTIONS` closed loops spread over the setup's targets; req/s and CPU µs per request. */
async function throughput(setup: Setup): Promise<{ rps: number; cpuUs: number; errors: number }> {
  const agents = setup.targets.map(
    () => new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS }),
  );
  const pids = setup.targets.flatMap((t) => (t.pid === null ? [] : [t.pid]));
  const cpu = async (): Promise<number> =>
    (await Promise.all(pids.map(cpuSeconds))).reduce((a, b) => a + b, 0);
  const deadline = performance.now() + SECONDS * 1000;
  let done = 0;
  let errors = 0;
  const cpuBefore = await cpu();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      const k = c % setup.targets.length;
      while (performance.now() < deadline) {
        const r = await requestOnce(agents[k]!, setup.targets[k]!, setup.model, false).catch(
          () => ({ status: 0 }),
        );
        if (r.status === 200) done++;
        else errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuUs = (((await cpu()) - cpuBefore) * 1e6) / Math.max(1, done + errors);
  for (const a of agents) a.destroy();
  return { rps: done / elapsed, cpuUs, errors };
}

async function main(): Promise<void> {
  // Build once up front: instances starting together must not each run `next build`.
  if (!ensureBuilt(process.cwd(), (line) => console.error(line)))
    throw new Error("next build failed");
  const procs: Proc[] = [];
  let drop: (() => Promise<void>) | null = null;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sb-scale-"));
  try {
    const fake = await startFakeServer();
    procs.push(fake.proc);
    const fakeUrl = fake.url;
    const db = await createBenchDatabase(ADMIN_URL, fakeUrl);
    drop = db.drop;
    const hop = await startBareHop(18201, fakeUrl);
    procs.push(hop);
    const instances = await Promise.all(
      [18202, 18203].map(async (port, i) => {
        const dir = path.join(tmp, `i${i}`);
        fs.mkdirSync(dir);
        const p = await startProcess(
          "node",
          [...SERVER_NODE_FLAGS, "server/run-server.mjs"],
          // One process per instance (bench:workers measures workers).
          benchServerEnv(db.url, dir, {
            SWITCHBOARD_INSTANCE_ID: `bench-${i}`,
            PORT: String(port),
            HOST: "127.0.0.1",
          }),
          /running at/,
        );
        procs.push(p);
        return {
          name: `instance ${i}`,
          origin: `http://127.0.0.1:${port}`,
          path: "/v1/chat/completions",
          headers: { authorization: `Bearer ${db.apiKey}` },
          pid: p.pid,
        } satisfies Target;
      }),
    );
    const setups: Setup[] = [
      {
        name: "bare Node hop",
        model: "bench-model",
        targets: [
          {
            name: "hop",
            origin: "http://127.0.0.1:18201",
            path: "/v1/chat/completions",
            headers: {},
            pid: hop.pid,
          },
        ],
      },
      { name: "Switchboard, 1 instance", model: "bench", targets: [instances[0]!] },
      { name: "Switchboard, 2 instances", model: "bench", targets: instances },
    ];
    // Warm-up: JIT, keep-alive pools, caches, budget leases on both instances.
    for (const s of setups) await throughput({ ...s }).catch(() => null);

    const samples = new Map<string, Array<{ rps: number; cpuUs: number; errors: number }>>();
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 === 1 ? setups : [...setups].reverse();
      for (const s of order) {
        const r = await throughput(s);
        samples.set(s.name, [...(samples.get(s.name) ?? []), r]);
        process.stderr.write(
          `round ${round} ${s.name}: ${r.rps.toFixed(0)} req/s, ${r.cpuUs.toFixed(0)} µs CPU/req (gateway processes), errors ${r.errors}\n`,
        );
      }
    }
    const cpuModel = os.cpus()[0]?.model ?? "unknown";
    console.log(
      `\n${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores (${cpuModel}), Node ${process.version}; ${ROUNDS} rounds × ${SECONDS} s at ${CONNECTIONS} connections\n`,
    );
    console.log("| setup | req/s median | req/s min–max | CPU µs/req | errors |");
    console.log("|---|---|---|---|---|");
    for (const s of setups) {
      const list = samples.get(s.name) ?? [];
      const rps = list.map((x) => x.rps);
      console.log(
        `| ${s.name} | ${median(rps).toFixed(0)} | ${Math.min(...rps).toFixed(0)}–${Math.max(...rps).toFixed(0)} | ${median(list.map((x) => x.cpuUs)).toFixed(0)} | ${list.reduce((a, x) => a + x.errors, 0)} |`,
      );
    }
    const one = samples.get("Switchboard, 1 instance") ?? [];
    const two = samples.get("Switchboard, 2 instances") ?? [];
    const ratios = one.map((o, i) => (two[i]?.rps ?? NaN) / o.rps);
    console.log(
      `\n2 instances / 1 instance, paired per round: median ${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
    );
  } finally {
    for (const p of procs.reverse()) await p.stop();
    await drop?.();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
