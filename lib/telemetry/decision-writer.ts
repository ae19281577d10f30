/**
 * The batched asynchronous decision writer. `enqueue` never blocks and never throws: records are
 * encoded for the bulk load right away (lib/db/decision-copy.ts: two flat strings and a small
 * object wait in the buffer, not the record's object graph) and go to a bounded in-memory queue;
 * a timer (or a full batch) flushes them in transactions of up to `maxBatch` records
 * (decisions + attempts + rollups). When the database fails, records stay
 * queued and the writer retries with exponential backoff; when the queue is full, the OLDEST
 * pending record is dropped (recent records matter more to an operator watching an incident,
 * and the drop counter says how many were lost). A record the database refuses for its data is
 * found by splitting its batch and dropped alone (counted, reported), so it cannot block the log.
 */
import { nowMs } from "@/lib/clock";
import type { DecisionDb, EncodedDecision } from "@/lib/db/decisions";
import { encodeDecision, insertEncodedDecisions, isRecordDataError } from "@/lib/db/decisions";
import type { DecisionRecord } from "../decision-log/decision-record";
import { createRingQueue } from "./ring-queue";

/** Counters of the writer, for `/api/metrics` and tests. */
export interface DecisionWriterStats {
  /** Records queued or being written. */
  buffered: number;
  /** Records persisted (a record whose decision id was stored already counts as written). */
  written: number;
  /**
   * Records dropped: the buffer was full, or the database refused the record's data (alone, after
   * its batch was split), or (never expected) it could not be encoded.
   */
  dropped: number;
  /** Flush attempts that failed (the records stayed queued). */
  failedFlushes: number;
}

/** The writer the gateway enqueues into. */
export interface DecisionWriter {
  /** Queues a record; never blocks, never throws. */
  enqueue(record: DecisionRecord): void;
  /** Writes everything queued now (batch by batch); resolves when done or after a failure. */
  flush(): Promise<void>;
  /** Stops the timer and makes a last flush attempt. */
  close(): Promise<void>;
  stats(): DecisionWriterStats;
}

/** A batch that failed for a reason other than its records' data; `unwritten` goes back. */
class BatchFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly unwritten: EncodedDecision[],
  ) {
    super("decision batch not written");
  }
}

/** Options of `createDecisionWriter`; everything but `db` has a default. */
export interface DecisionWriterOptions {
  db: DecisionDb;
  /** Bound of the queue, in records. Default 50,000. */
  maxBuffer?: number;
  /** Timer period between flushes. Default 1,000 ms. */
  flushIntervalMs?: number;
  /** Records per transaction. Default 500. */
  maxBatch?: number;
  /** Epoch ms; used for the retry schedule. */
  clock?: () => number;
  /** Longest pause between retries after failures. Default 30,000 ms. */
  maxBackoffMs?: number;
  /** Called with each failure (e.g. to log it); must not throw. */
  onError?: (error: unknown) => void;
  /** Encodes a record when it is queued; defaults to `encodeDecision`. */
  encode?: (record: DecisionRecord) => EncodedDecision;
  /** Persists one batch; defaults to `insertEncodedDecisions`. */
  writeBatch?: (db: DecisionDb, batch: readonly EncodedDecision[]) => Promise<unknown>;
}

/** Creates a writer with its flush timer running (unref'd: it never keeps the process alive). */
export function createDecisionWriter(options: DecisionWriterOptions): DecisionWriter {
  const maxBuffer = Math.max(1, options.maxBuffer ?? 50_000);
  const flushIntervalMs = Math.max(1, options.flushIntervalMs ?? 1_000);
  const maxBatch = Math.max(1, options.maxBatch ?? 500);
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const clock = options.clock ?? nowMs;
  const encode = options.encode ?? encodeDecision;
  const writeBatch = options.writeBatch ?? insertEncodedDecisions;
  const queue = createRingQueue<EncodedDecision>(maxBuffer);
  let inflight = 0;
  let written = 0;
  let dropped = 0;
  let failedFlushes = 0;
  let consecutiveFailures = 0;
  let retryAt = 0;
  let running: Promise<void> | null = null;
  let closed = false;
  let soon = false;

  const timer = setInterval(() => {
    if (clock() >= retryAt) void flush();
  }, flushIntervalMs);
  timer.unref?.();

  /**
   * Writes what was queued when it started (timer, explicit flush), or only full batches (the
   * queue reached `maxBatch`). Records arriving meanwhile wait for the next trigger: a drain that
   * chased the queue would, under load, write continuous small batches, each paying a
   * transaction's fixed cost (measured: ~40 µs of CPU per request at 5,000 req/s).
   */
  async function drain(fullBatchesOnly: boolean): Promise<void> {
    let remaining = fullBatchesOnly ? Number.POSITIVE_INFINITY : queue.size();
    while (queue.size() > 0 && remaining > 0) {
      if (fullBatchesOnly && queue.size() < maxBatch) return;
      const batch = queue.shift(Math.min(maxBatch, remaining));
      remaining -= batch.length;
      inflight = batch.length;
      try {
        await writeIsolating(batch);
        consecutiveFailures = 0;
        retryAt = 0;
      } catch (failure) {
        const { error, unwritten } =
          failure instanceof BatchFailure ? failure : { error: failure, unwritten: batch };
        // Put what was not written back in front; beyond the bound the oldest are dropped.
        dropped += queue.unshift(unwritten);
        failedFlushes += 1;
        consecutiveFailures += 1;
        const backoff = Math.min(
          maxBackoffMs,
          flushIntervalMs * 2 ** Math.min(consecutiveFailures, 16),
        );
        retryAt = clock() + backoff;
        options.onError?.(error);
        return;
      } finally {
        inflight = 0;
      }
    }
  }

  /**
   * Writes a batch. When the database refuses it for a record's data (`isRecordDataError`), the
   * batch is split in halves, recursively, until the refused record is alone: it is dropped,
   * counted and reported, and the rest are written. Without this, one record Postgres refuses
   * would fail its batch on every retry and block the log for good (the buffer then drops every
   * new record). A transport or server failure throws `BatchFailure` with the records not yet
   * written, in order; halves already written are not written twice.
   */
  async function writeIsolating(batch: EncodedDecision[]): Promise<void> {
    const pending: EncodedDecision[][] = [batch];
    while (pending.length > 0) {
      const part = pending.pop() as EncodedDecision[];
      try {
        await writeBatch(options.db, part);
        written += part.length;
      } catch (error) {
        if (!isRecordDataError(error)) {
          throw new BatchFailure(error, [part, ...pending.reverse()].flat());
        }
        if (part.length === 1) {
          dropped += 1;
          options.onError?.(error);
          continue;
        }
        const half = part.length >> 1;
        pending.push(part.slice(half), part.slice(0, half));
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
    enqueue(record) {
      if (closed) {
        dropped += 1;
        return;
      }
      let item: EncodedDecision;
      try {
        item = encode(record);
      } catch (error) {
        dropped += 1;
        options.onError?.(error);
        return;
      }
      if (queue.size() + inflight >= maxBuffer && queue.size() > 0) {
        queue.dropOldest();
        dropped += 1;
      } else if (queue.size() + inflight >= maxBuffer) {
        dropped += 1;
        return;
      }
      queue.push(item);
      if (queue.size() >= maxBatch && running === null && !soon && clock() >= retryAt) {
        soon = true;
        setImmediate(() => {
          soon = false;
          void flush(true);
        });
      }
    },
    async flush() {
      // A flush in progress may have started before the caller's records were queued.
      if (running !== null) await running;
      retryAt = 0;
      await flush();
    },
    async close() {
      closed = true;
      clearInterval(timer);
      if (running !== null) await running;
      await flush();
    },
    stats() {
      return { buffered: queue.size() + inflight, written, dropped, failedFlushes };
    },
  };
}
