/**
 * Keeps minute rollup rows for `MINUTE_ROLLUP_RETENTION_MS` (3 days): they serve overview ranges
 * up to 24 h only and are most of the rollup table (about one row per decision). Every instance
 * runs a pruner; each run deletes in small batches (one short statement each) until nothing old
 * is left or `maxBatches` ran, so a backlog is worked off over a few runs without long locks.
 * Concurrent pruners skip each other's rows.
 */
import type { RollupRetentionDb } from "@/lib/db/rollup-retention";
import { pruneMinuteRollups } from "@/lib/db/rollup-retention";
import { MINUTE_ROLLUP_RETENTION_MS } from "../decision-log/rollup";

export interface RollupPrunerOptions {
  db: RollupRetentionDb;
  /** Epoch ms. */
  clock?: () => number;
  /** Period between runs; the first run is one period after start. Default 5 minutes. */
  intervalMs?: number;
  /** Rows per DELETE. Default 2,000. */
  batchSize?: number;
  /** DELETEs per run at most. Default 250 (500,000 rows). */
  maxBatches?: number;
  /** Called with a failure (the next run retries); must not throw. */
  onError?: (error: unknown) => void;
  /** Deletes one batch; defaults to `pruneMinuteRollups`. */
  prune?: (db: RollupRetentionDb, before: Date, limit: number) => Promise<number>;
}

export interface RollupPruner {
  /** One run now (waits for a run in progress instead of starting another); rows deleted. */
  runOnce(): Promise<number>;
  /** Stops the timer and waits for a run in progress. */
  close(): Promise<void>;
}

/** Starts the periodic prune (timer unref'd: it never keeps the process alive). */
export function startRollupPruner(options: RollupPrunerOptions): RollupPruner {
  const clock = options.clock ?? Date.now;
  const batchSize = Math.max(1, options.batchSize ?? 2_000);
  const maxBatches = Math.max(1, options.maxBatches ?? 250);
  const prune = options.prune ?? pruneMinuteRollups;
  const onError = options.onError ?? (() => {});
  let running: Promise<number> | null = null;
  let closed = false;

  async function run(): Promise<number> {
    const before = new Date(clock() - MINUTE_ROLLUP_RETENTION_MS);
    let deleted = 0;
    for (let i = 0; i < maxBatches && !closed; i++) {
      const n = await prune(options.db, before, batchSize);
      deleted += n;
      if (n < batchSize) break;
    }
    return deleted;
  }

  function runOnce(): Promise<number> {
    running ??= run()
      .catch((error: unknown) => {
        onError(error);
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  const timer = setInterval(() => void runOnce(), Math.max(1_000, options.intervalMs ?? 300_000));
  timer.unref?.();
  return {
    runOnce,
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
    },
  };
}
