/**
 * `npm start` with several worker processes on one port (node:cluster): the primary has built,
 * migrated and seeded once; it forks `count` workers that each serve console + API (Node hands
 * them connections round-robin), restarts a worker that dies, and on SIGTERM/SIGINT asks every
 * worker to drain (server/shutdown.ts) and exits when they all have. Each worker gets its
 * own instance id (budget leases are per instance).
 */
import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import type { Env } from "../lib/env";
import { SHUTDOWN_MESSAGE } from "./shutdown";

/** How many workers to run: 1 on PGlite (one process owns its folder), else the setting or the cores. */
export function resolveWorkerCount(
  env: Pick<Env, "embedded" | "SWITCHBOARD_WORKERS">,
  log: (line: string) => void,
): number {
  const wanted = env.SWITCHBOARD_WORKERS ?? os.availableParallelism();
  if (env.embedded) {
    if (wanted > 1)
      log(
        "Embedded database (PGlite): one server process (it owns its data folder); " +
          "set DATABASE_URL to run one worker per core (SWITCHBOARD_WORKERS).",
      );
    return 1;
  }
  return wanted;
}

/** The instance id of worker `n`: the configured id (or host and primary pid) plus `-w<n>`. */
export function workerInstanceId(env: Pick<Env, "SWITCHBOARD_INSTANCE_ID">, n: number): string {
  return `${env.SWITCHBOARD_INSTANCE_ID ?? `${os.hostname()}-${process.pid}`}-w${n}`;
}

export interface RunWorkersOptions {
  count: number;
  env: Env;
  /** The compiled entry point the workers run (this same file). */
  exec: string;
  log: (line: string) => void;
  /** Called once every worker listens. */
  onListening: () => void;
}

export function runWorkers({ count, env, exec, log, onListening }: RunWorkersOptions): void {
  cluster.setupPrimary({ exec, execArgv: process.execArgv });
  let stopping = false;
  let failed = false;
  let listening = 0;
  let announced = false;
  const slots = new Map<Worker, number>();
  const restarts: number[] = [];

  const fork = (n: number): void => {
    const worker = cluster.fork({ SWITCHBOARD_INSTANCE_ID: workerInstanceId(env, n) });
    slots.set(worker, n);
    worker.once("listening", () => {
      listening += 1;
      if (!announced && listening >= count) {
        announced = true;
        log(`${count} workers are serving on port ${env.PORT}.`);
        onListening();
      }
    });
  };

  cluster.on("exit", (worker, code, signal) => {
    const n = slots.get(worker) ?? 0;
    slots.delete(worker);
    if (stopping) {
      if (code !== 0) failed = true;
      if (slots.size === 0) process.exit(failed ? 1 : 0);
      return;
    }
    // A worker that dies is replaced; one that keeps dying at start-up is not retried forever.
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && restarts[0]! < now - 60_000) restarts.shift();
    if (!announced && restarts.length > count * 3) {
      log(`✖ workers keep exiting during start-up (last: ${signal ?? code}); giving up.`);
      process.exit(1);
    }
    log(`Worker ${n} exited (${signal ?? `code ${code}`}); starting a new one.`);
    setTimeout(() => fork(n), 500).unref();
  });

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log(`${signal} again: stopping the workers now.`);
      for (const worker of slots.keys()) worker.process.kill("SIGKILL");
      process.exit(signal === "SIGINT" ? 130 : 143);
    }
    stopping = true;
    log(
      `${signal}: draining ${slots.size} worker(s) (up to ${env.SWITCHBOARD_DRAIN_TIMEOUT_MS} ms)…`,
    );
    if (slots.size === 0) process.exit(0);
    for (const worker of slots.keys()) {
      if (worker.isConnected()) worker.send(SHUTDOWN_MESSAGE);
      else worker.process.kill("SIGTERM");
    }
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  for (let n = 1; n <= count; n++) fork(n);
}
