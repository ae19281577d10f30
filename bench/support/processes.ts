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
