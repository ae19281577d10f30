/**
 * The settlement queue of the budget manager: settlements are off the request path, batched,
 * and retried with backoff until the database takes them. They are never dropped (each one is
 * real spend); a retried batch is harmless because settlement is idempotent by request id.
 */
import {
  settleBudgetReservations,
  type BudgetDb,
  type BudgetRowState,
  type SettlementItem,
} from "@/lib/db/budgets";

/** A background, retrying settlement queue. */
export interface BudgetSettler {
  push(item: SettlementItem): void;
  /** Writes everything queued; resolves after success or one failed attempt. */
  flush(): Promise<void>;
  size(): number;
  stop(): void;
}

export interface BudgetSettlerOptions {
  db: BudgetDb;
  clock: () => number;
  intervalMs: number;
  maxBatch: number;
  /** Receives the tenants' budgets after each successful batch. */
  onSettled: (budgets: Map<string, BudgetRowState[]>, items: readonly SettlementItem[]) => void;
  onError: (error: unknown) => void;
}

export function createBudgetSettler(options: BudgetSettlerOptions): BudgetSettler {
  let queue: SettlementItem[] = [];
  let running: Promise<void> | null = null;
  let failures = 0;
  let retryAt = 0;

  const timer = setInterval(() => {
    if (queue.length > 0 && options.clock() >= retryAt) void flush();
  }, options.intervalMs);
  timer.unref?.();

  /**
   * Settles what was queued when it started (timer, explicit flush), or only full batches (the
   * queue reached `maxBatch`); items arriving meanwhile wait for the next trigger, so load does
   * not turn the settler into a stream of small transactions.
   */
  async function drain(fullBatchesOnly: boolean): Promise<void> {
    let remaining = fullBatchesOnly ? Number.POSITIVE_INFINITY : queue.length;
    while (queue.length > 0 && remaining > 0) {
      if (fullBatchesOnly && queue.length < options.maxBatch) return;
      const batch = queue.slice(0, Math.min(options.maxBatch, remaining));
      try {
        const result = await settleBudgetReservations(options.db, batch, new Date(options.clock()));
        queue = queue.slice(batch.length);
        remaining -= batch.length;
        failures = 0;
        retryAt = 0;
        options.onSettled(result.budgets, batch);
      } catch (error) {
        failures += 1;
        retryAt =
          options.clock() + Math.min(30_000, options.intervalMs * 2 ** Math.min(failures, 12));
        options.onError(error);
        return;
      }
    }
  }

  function flush(fullBatchesOnly = false): Promise<void> {
    if (running === null) {
      running = drain(fullBatchesOnly).finally(() => {
        running = null;
      });
    }
    return running;
  }

  return {
    push(item) {
      queue.push(item);
      if (queue.length >= options.maxBatch && options.clock() >= retryAt) void flush(true);
    },
    async flush() {
      if (running !== null) await running;
      await flush();
    },
    size: () => queue.length,
    stop: () => clearInterval(timer),
  };
}
