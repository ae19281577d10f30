import fs from "node:fs";

/**
 * The soak's client: a fixed request rate (an open loop with a cap on requests in flight),
 * round robin over whichever instances are live, every answer's decision id remembered. A
 * "completed" request is one whose whole answer arrived (any status); transport errors (a
 * connection reset by a stopping instance) are counted apart.
 */
export interface SoakCounters {
  sent: number;
  completed: number;
  byStatus: Map<number, number>;
  transportErrors: number;
  /** Completed authenticated answers without an `x-switchboard-decision-id` (must stay 0). */
  withoutDecisionId: number;
  /** Requests skipped because the in-flight cap was reached (the rate was not kept). */
  skipped: number;
  /** Decision id → the instance (URL) that answered. */
  decisionIds: Map<string, string>;
}

export function newCounters(): SoakCounters {
  return {
    sent: 0,
    completed: 0,
    byStatus: new Map(),
    transportErrors: 0,
    withoutDecisionId: 0,
    skipped: 0,
    decisionIds: new Map(),
  };
}

const body = (n: number): string =>
  JSON.stringify({
    model: "soak",
    max_tokens: 32,
    messages: [{ role: "user", content: `Soak request ${n}: say hello.` }],
    ...(n % 5 === 0 ? { stream: true, stream_options: { include_usage: true } } : {}),
  });

async function one(url: string, key: string, n: number, c: SoakCounters): Promise<void> {
  c.sent += 1;
  try {
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        "x-request-id": `soak-${n}`,
      },
      body: body(n),
      signal: AbortSignal.timeout(30_000),
    });
    await res.arrayBuffer(); // the whole answer (a stream ends with [DONE] or an error event)
    c.completed += 1;
    c.byStatus.set(res.status, (c.byStatus.get(res.status) ?? 0) + 1);
    const id = res.headers.get("x-switchboard-decision-id");
    if (id) c.decisionIds.set(id, url);
    else if (res.status !== 401) c.withoutDecisionId += 1;
  } catch {
    c.transportErrors += 1;
  }
}

/** Runs until `stop()`; `targets()` is read per request (instances come and go). */
export function startLoad(options: {
  rate: number;
  maxInFlight: number;
  key: string;
  targets: () => string[];
  counters: SoakCounters;
}): { stop(): Promise<void> } {
  const inflight = new Set<Promise<void>>();
  let n = 0;
  const started = performance.now();
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    const due = Math.floor(((performance.now() - started) / 1000) * options.rate);
    while (n < due) {
      n += 1;
      const targets = options.targets();
      if (inflight.size >= options.maxInFlight || targets.length === 0) {
        options.counters.skipped += 1;
        continue;
      }
      const p = one(targets[n % targets.length]!, options.key, n, options.counters);
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    setTimeout(tick, 5);
  };
  tick();
  return {
    async stop() {
      stopped = true;
      await Promise.all([...inflight]);
    },
  };
}

/** Resident set size of a process in MB (Linux /proc), or null when it has exited. */
export function rssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
