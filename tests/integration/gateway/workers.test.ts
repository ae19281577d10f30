// `npm start` with SWITCHBOARD_WORKERS=2: on Postgres, two worker processes serve one port, a
// worker that dies is replaced, and SIGTERM to the primary drains them all (exit 0). On PGlite
// the server stays one process and says why.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { startAppServer } from "@/tests/support/app-server";

const onPostgres = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== "";

/** Server processes (the compiled start script) whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    let cmdline: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    // Not the esbuild service run-server.mjs leaves running.
    if (ppid === pid && cmdline.includes("start.mjs")) out.push(Number(entry));
  }
  return out.sort((a, b) => a - b);
}

const alive = (pid: number): boolean => fs.existsSync(`/proc/${pid}`);

async function until(check: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("npm start workers", () => {
  it(
    onPostgres
      ? "serves one port from two workers, replaces a dead one, and drains all on SIGTERM"
      : "stays one process on PGlite and says why",
    async () => {
      const app = await startAppServer({
        SWITCHBOARD_DEMO_HISTORY_DAYS: "0",
        SWITCHBOARD_WORKERS: "2",
      });
      try {
        const models = async (): Promise<number[]> => {
          // A connection per request, so the primary hands them to both workers.
          const answers = await Promise.all(
            Array.from({ length: 20 }, () =>
              fetch(`${app.url}/v1/models`, {
                headers: { authorization: `Bearer ${app.apiKey}`, connection: "close" },
              }).then(async (r) => (await r.arrayBuffer(), r.status)),
            ),
          );
          return [...new Set(answers)];
        };
        if (!onPostgres) {
          expect(app.output()).toContain("Embedded database (PGlite): one server process");
          expect(childrenOf(app.pid)).toEqual([]);
          expect(await models()).toEqual([200]);
          process.kill(app.pid, "SIGTERM");
          expect(await app.exited).toBe(0);
          return;
        }
        expect(app.output()).toContain("2 workers are serving");
        const workers = childrenOf(app.pid);
        expect(workers).toHaveLength(2);
        expect(await models()).toEqual([200]);

        // A worker that dies is replaced; the port keeps answering meanwhile.
        process.kill(workers[0]!, "SIGKILL");
        await until(() => !alive(workers[0]!), "the killed worker to go");
        expect(await models()).toEqual([200]);
        await until(() => {
          const now = childrenOf(app.pid);
          return now.length === 2 && !now.includes(workers[0]!);
        }, "a replacement worker");
        await until(() => app.output().match(/Gateway warmed up/g)?.length === 3, "its warm-up");
        const replaced = childrenOf(app.pid);
        expect(await models()).toEqual([200]);

        process.kill(app.pid, "SIGTERM");
        expect(await app.exited).toBe(0);
        for (const pid of replaced) expect(alive(pid)).toBe(false);
        expect(app.output().match(/Drained in \d+ ms/g)).toHaveLength(2);
      } finally {
        await app.stop();
      }
    },
    300_000,
  );
});
