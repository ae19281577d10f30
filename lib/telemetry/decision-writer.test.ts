import { describe, expect, it } from "vitest";
import type { DecisionDb, EncodedDecision } from "@/lib/db/decisions";
import type { DecisionRecord } from "../decision-log/decision-record";
import { createDecisionWriter } from "./decision-writer";
import { createRingQueue } from "./ring-queue";

// The writer's persistence is injected; the real one is covered in tests/integration/telemetry.
const db = {} as DecisionDb;
const rec = (n: number) => ({ requestId: `r${n}` }) as DecisionRecord;
// Stand-in encoding: these tests look only at which records reach a batch, in what order.
const encode = (r: DecisionRecord) => ({ requestId: r.requestId }) as EncodedDecision;

describe("ring queue", () => {
  it("keeps FIFO order across wrap-around and puts failed batches back in front", () => {
    const q = createRingQueue<number>(4);
    [1, 2, 3].forEach((n) => q.push(n));
    expect(q.shift(2)).toEqual([1, 2]);
    [4, 5].forEach((n) => q.push(n));
    expect(q.unshift([1, 2])).toBe(1); // one slot free: the oldest (1) is dropped
    expect(q.shift(10)).toEqual([2, 3, 4, 5]);
  });
});

describe("decision writer", () => {
  it("never throws from enqueue, drops the oldest beyond the bound, batches writes", async () => {
    const batches: string[][] = [];
    const w = createDecisionWriter({
      db,
      encode,
      maxBuffer: 5,
      maxBatch: 2,
      flushIntervalMs: 60_000,
      writeBatch: async (_db, b) => {
        batches.push(b.map((r) => r.requestId));
      },
    });
    for (let i = 0; i < 8; i++) w.enqueue(rec(i));
    expect(w.stats()).toMatchObject({ buffered: 5, dropped: 3 });
    await w.close();
    expect(batches.flat()).toEqual(["r3", "r4", "r5", "r6", "r7"]);
    expect(batches.every((b) => b.length <= 2)).toBe(true);
    w.enqueue(rec(9)); // after close: counted as dropped, never thrown
    expect(w.stats()).toEqual({ buffered: 0, written: 5, dropped: 4, failedFlushes: 0 });
  });

  it("counts a record it cannot encode as dropped, reports it, and keeps writing the others", async () => {
    const written: string[] = [];
    const errors: unknown[] = [];
    const w = createDecisionWriter({
      db,
      encode: (r) => {
        if (r.requestId === "r1") throw new Error("cannot encode");
        return encode(r);
      },
      flushIntervalMs: 60_000,
      onError: (e) => errors.push(e),
      writeBatch: async (_db, b) => {
        written.push(...b.map((r) => r.requestId));
      },
    });
    for (let i = 0; i < 3; i++) expect(() => w.enqueue(rec(i))).not.toThrow();
    await w.close();
    expect(written).toEqual(["r0", "r2"]);
    expect(w.stats()).toMatchObject({ written: 2, dropped: 1 });
    expect(errors).toHaveLength(1);
  });

  it("keeps records across failed flushes and writes them in order once the store recovers", async () => {
    let up = false;
    const written: string[] = [];
    const w = createDecisionWriter({
      db,
      encode,
      maxBuffer: 100,
      maxBatch: 3,
      flushIntervalMs: 60_000,
      writeBatch: async (_db, b) => {
        if (!up) throw new Error("down");
        written.push(...b.map((r) => r.requestId));
      },
    });
    for (let i = 0; i < 7; i++) w.enqueue(rec(i));
    await w.flush();
    await w.flush();
    expect(w.stats()).toMatchObject({ buffered: 7, written: 0, failedFlushes: 2 });
    up = true;
    await w.flush();
    expect(written).toEqual(["r0", "r1", "r2", "r3", "r4", "r5", "r6"]);
    await w.close();
  });

  it("drops only the record the database refuses for its data, and writes the rest in order", async () => {
    const written: string[] = [];
    const errors: unknown[] = [];
    const refusal = Object.assign(new Error("integer out of range"), { code: "22003" });
    const w = createDecisionWriter({
      db,
      encode,
      maxBatch: 8,
      flushIntervalMs: 60_000,
      onError: (e) => errors.push(e),
      writeBatch: async (_db, b) => {
        // Like Postgres: the whole batch fails when any record in it is refused.
        if (b.some((r) => r.requestId === "r5")) throw refusal;
        written.push(...b.map((r) => r.requestId));
      },
    });
    for (let i = 0; i < 8; i++) w.enqueue(rec(i));
    await w.flush();
    expect(written).toEqual(["r0", "r1", "r2", "r3", "r4", "r6", "r7"]);
    expect(errors).toEqual([refusal]);
    expect(w.stats()).toEqual({ buffered: 0, written: 7, dropped: 1, failedFlushes: 0 });
    await w.close();
  });

  it("stops isolating when the database goes down, and writes nothing twice on recovery", async () => {
    const written: string[] = [];
    let calls = 0;
    const w = createDecisionWriter({
      db,
      encode,
      maxBatch: 8,
      flushIntervalMs: 60_000,
      writeBatch: async (_db, b) => {
        calls += 1;
        // 1: the batch is refused; 2: its first half is written; 3: the connection drops.
        if (calls === 3) throw Object.assign(new Error("connection lost"), { code: "08006" });
        if (b.some((r) => r.requestId === "r6")) {
          throw Object.assign(new Error("bad value"), { code: "22P02" });
        }
        written.push(...b.map((r) => r.requestId));
      },
    });
    for (let i = 0; i < 8; i++) w.enqueue(rec(i));
    await w.flush();
    expect(written).toEqual(["r0", "r1", "r2", "r3"]);
    expect(w.stats()).toMatchObject({ buffered: 4, written: 4, dropped: 0, failedFlushes: 1 });
    await w.flush();
    expect(written).toEqual(["r0", "r1", "r2", "r3", "r4", "r5", "r7"]);
    expect(w.stats()).toEqual({ buffered: 0, written: 7, dropped: 1, failedFlushes: 1 });
    await w.close();
  });

  it("under load writes full batches and leaves a partial one for the timer or an explicit flush", async () => {
    const batches: number[] = [];
    let release: (() => void) | null = null;
    const w = createDecisionWriter({
      db,
      encode,
      maxBuffer: 1_000,
      maxBatch: 4,
      flushIntervalMs: 60_000,
      writeBatch: async (_db, b) => {
        batches.push(b.length);
        // The first write is slow: records keep arriving while it runs.
        if (batches.length === 1) await new Promise<void>((r) => (release = r));
      },
    });
    for (let i = 0; i < 4; i++) w.enqueue(rec(i));
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([4]);
    for (let i = 4; i < 14; i++) w.enqueue(rec(i)); // 10 more while the first batch is written
    release!();
    await new Promise((r) => setTimeout(r, 10));
    // Two full batches follow; the last 2 records are not written as a batch of their own.
    expect(batches).toEqual([4, 4, 4]);
    expect(w.stats()).toMatchObject({ buffered: 2, written: 12 });
    await w.flush();
    expect(batches).toEqual([4, 4, 4, 2]);
    await w.close();
  });
});
