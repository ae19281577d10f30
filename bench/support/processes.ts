import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface Proc {
  child: ChildProcess;
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts a process and resolves once its output matches `ready`. */
export async function startProcess(
  cmd: string,
  args: string[],
  env: Record<string, string | undefined>,
  ready: RegExp,
  timeoutMs = 240_000,
): Promise<Proc & { match: RegExpExecArray }> {
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${cmd} not ready:\n${out.slice(-3000)}`)),
      timeoutMs,
    );
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited with ${code}:\n${out.slice(-3000)}`));
    });
  });
  // Keep draining output so the child never blocks on a full pipe.
  child.stdout?.on("data", () => {});
  child.stderr?.on("data", () => {});
  return {
    child,
    pid: child.pid!,
    match,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

export const bin = (name: string): string => path.resolve("node_modules/.bin", name);

/** The fake upstream (bench/support/fake-server.ts) and its origin. */
export async function startFakeServer(): Promise<{ proc: Proc; url: string }> {
  const proc = await startProcess(
    "node",
    ["--import", "tsx", "bench/support/fake-server.ts"],
    {},
    /FAKE (\S+)/,
  );
  return { proc, url: proc.match[1]! };
}

/** The bare Node reverse proxy every ratio is measured against, on `port` in front of `fakeUrl`. */
export function startBareHop(port: number, fakeUrl: string): Promise<Proc> {
  return startProcess(
    "node",
    ["bench/support/bare-hop.mjs", String(port), fakeUrl],
    {},
    /listening/,
  );
}

/**
 * The environment of a benchmarked `npm start` server on a bench database: production mode with
 * fixed secrets, no seed, private upstreams allowed (the fake upstream is on 127.0.0.1), quiet
 * logs, one process unless `extra` says otherwise.
 */
export function benchServerEnv(
  databaseUrl: string,
  dataDir: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    DATABASE_URL: databaseUrl,
    NODE_ENV: "production",
    SWITCHBOARD_SEED: "none",
    SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS: "true",
    SWITCHBOARD_ENCRYPTION_KEY: "0".repeat(64),
    NEXTAUTH_SECRET: "bench-secret-bench-secret",
    SWITCHBOARD_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    SWITCHBOARD_WORKERS: "1",
    ...extra,
  };
}
