/**
 * The batched asynchronous feedback writer, on the decision writer's pattern (decision-writer.ts):
 * `offer` never blocks and never throws; items go to a bounded ring queue and a timer (or a full
 * batch) writes them in transactions of up to `maxBatch` (feedback upserts + quality rollup
 * deltas). Unlike decisions, a full queue REFUSES the new item (`offer` returns false) instead of
 * dropping the oldest: the client was told 202 for every queued item, and a refused one is
 * answered 503 with Retry-After, so it can be sent again. A failed write keeps the batch queued
 * and retries with backoff; an item the database refuses for its data is isolated and dropped.
 */
import { nowMs } from "@/lib/clock";
import { isRecordDataError } from "@/lib/db/decisions";
import { writeFeedbackBatch, type FeedbackItem } from "@/lib/db/feedback";
import type { PrismaClient } from "@/lib/db/engine/client";
import { createRingQueue } from "./ring-queue";

export interface FeedbackWriterStats {
  buffered: number;
  written: number;
  /** Refused by a full queue (answered 503). */
  refused: number;
  /** Refused by the database for their data, after isolating them. */
  dropped: number;
  failedFlushes: number;
}

export interface FeedbackWriter {
  /** Queues an item; false when the queue is full (nothing was queued). */
  offer(item: FeedbackItem): boolean;
  flush(): Promise<void>;
  close(): Promise<void>;
  stats(): FeedbackWriterStats;
}

export interface FeedbackWriterOptions {
  db: PrismaClient;
  /** Bound of the queue, in items. Default 100,000 (~10 s of 10,000 events/s). */
  maxBuffer?: number;
  /** Default 1,000 ms. */
  flushIntervalMs?: number;
  /** Items per transaction. Default 1,000. */
  maxBatch?: number;
  clock?: () => number;
  maxBackoffMs?: number;
  onError?: (error: unknown) => void;
  writeBatch?: (db: PrismaClient, batch: readonly FeedbackItem[]) => Promise<unknown>;
}

export function createFeedbackWriter(options: FeedbackWriterOptions): FeedbackWriter {
  const maxBuffer = Math.max(1, options.maxBuffer ?? 100_000);
  const flushIntervalMs = Math.max(1, options.flushIntervalMs ?? 1_000);
  const maxBatch = Math.max(1, options.maxBatch ?? 1_000);
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const clock = options.clock ?? nowMs;
  const writeBatch = options.writeBatch ?? writeFeedbackBatch;
  const queue = createRingQueue<FeedbackItem>(maxBuffer);
  const stats = { written: 0, refused: 0, dropped: 0, failedFlushes: 0 };
  let inflight = 0;
  let failures = 0;
  let retryAt = 0;
  let running: Promise<void> | null = null;
  let soon = false;
  let closed = false;

  const timer = setInterval(() => {
    if (clock() >= retryAt) void flush(false);
  }, flushIntervalMs);
  timer.unref?.();

  /** Writes what was queued when it started, or only full batches (see decision-writer.ts). */
  async function drain(fullBatchesOnly: boolean): Promise<void> {
    let remaining = fullBatchesOnly ? Number.POSITIVE_INFINITY : queue.size();
    while (queue.size() > 0 && remaining > 0) {
      if (fullBatchesOnly && queue.size() < maxBatch) return;
      const batch = queue.shift(Math.min(maxBatch, remaining));
      remaining -= batch.length;
      inflight = batch.length;
      try {
        await writeIsolating(batch);
        failures = 0;
        retryAt = 0;
      } catch (failure) {
        const { error, unwritten } =
          failure instanceof Unwritten ? failure : { error: failure, unwritten: batch };
        stats.dropped += queue.unshift(unwritten);
        stats.failedFlushes += 1;
        failures += 1;
        retryAt = clock() + Math.min(maxBackoffMs, flushIntervalMs * 2 ** Math.min(failures, 16));
        options.onError?.(error);
        return;
      } finally {
        inflight = 0;
      }
    }
  }

  async function writeIsolating(batch: FeedbackItem[]): Promise<void> {
    const pending: FeedbackItem[][] = [batch];
    while (pending.length > 0) {
      const part = pending.pop() as FeedbackItem[];
      try {
        await writeBatch(options.db, part);
        stats.written += part.length;
      } catch (error) {
        if (!isRecordDataError(error))
          throw new Unwritten(error, [part, ...pending.reverse()].flat());
        if (part.length === 1) {
          stats.dropped += 1;
          options.onError?.(error);
          continue;
        }
        const half = part.length >> 1;
        pending.push(part.slice(half), part.slice(0, half));
      }
    }
  }

  function flush(fullBatchesOnly: boolean): Promise<void> {
    running ??= drain(fullBatchesOnly).finally(() => {
      running = null;
    });
    return running;
  }

  return {
    offer(item) {
      if (closed || queue.size() + inflight >= maxBuffer) {
        stats.refused += 1;
        return false;
      }
      queue.push(item);
      if (queue.size() >= maxBatch && running === null && !soon && clock() >= retryAt) {
        soon = true;
        setImmediate(() => {
          soon = false;
          void flush(true);
        });
      }
      return true;
    },
    async flush() {
      if (running !== null) await running;
      retryAt = 0;
      await flush(false);
    },
    async close() {
      closed = true;
      clearInterval(timer);
      if (running !== null) await running;
      await flush(false);
    },
    stats: () => ({ buffered: queue.size() + inflight, ...stats }),
  };
}

/** A batch not written for a reason other than its data; `unwritten` goes back in front. */
class Unwritten extends Error {
  constructor(
    readonly error: unknown,
    readonly unwritten: FeedbackItem[],
  ) {
    super("feedback batch not written");
  }
}
