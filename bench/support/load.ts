import http from "node:http";

export interface Target {
  name: string;
  origin: string;
  path: string;
  headers: Record<string, string>;
  /** Process whose CPU is charged to this hop (null for direct). */
  pid: number | null;
}

const BODY = (model: string, stream: boolean): string =>
  JSON.stringify({
    model,
    messages: [{ role: "user", content: "Say hello in five words." }],
    max_tokens: 16,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });

export interface OneResult {
  status: number;
  /** ms from request start to the first body byte. */
  ttfb: number;
  /** ms from request start to the end of the body. */
  total: number;
}

export function requestOnce(
  agent: http.Agent,
  target: Target,
  model: string,
  stream: boolean,
): Promise<OneResult> {
  const body = BODY(model, stream);
  const u = new URL(target.origin);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let ttfb = -1;
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        method: "POST",
        path: target.path,
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...target.headers,
        },
      },
      (res) => {
        res.on("data", () => {
          if (ttfb < 0) ttfb = performance.now() - started;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, ttfb, total: performance.now() - started }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
export async function cpuSeconds(pid: number): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Sequential requests: latency distribution at concurrency 1. */
export async function runSequential(
  target: Target,
  model: string,
  stream: boolean,
  count: number,
): Promise<{ p50: number; p99: number; ttfbP50: number; errors: number }> {
  // Latency counts successful answers only; a hop whose every answer failed reports NaN.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const totals: number[] = [];
  const ttfbs: number[] = [];
  let errors = 0;
  for (let i = 0; i < count; i++) {
    const r = await requestOnce(agent, target, model, stream);
    if (r.status !== 200) {
      errors++;
      continue;
    }
    totals.push(r.total);
    ttfbs.push(r.ttfb);
  }
  agent.destroy();
  totals.sort((a, b) => a - b);
  ttfbs.sort((a, b) => a - b);
  return {
    p50: percentile(totals, 50),
    p99: percentile(totals, 99),
    ttfbP50: percentile(ttfbs, 50),
    errors,
  };
}

/** `connections` closed loops for `seconds`: throughput and the hop's CPU per request. */
export async function runThroughput(
  target: Target,
  model: string,
  connections: number,
  seconds: number,
): Promise<{ rps: number; cpuUsPerReq: number | null; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  const cpuBefore = target.pid ? await cpuSeconds(target.pid) : 0;
  const started = performance.now();
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const r = await requestOnce(agent, target, model, false).catch(() => ({ status: 0 }));
      if (r.status === 200) done++;
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = target.pid ? await cpuSeconds(target.pid) : 0;
  agent.destroy();
  return {
    rps: done / elapsed,
    cpuUsPerReq: target.pid ? ((cpuAfter - cpuBefore) * 1e6) / Math.max(1, done + errors) : null,
    errors,
  };
}
