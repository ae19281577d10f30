import { afterAll, describe, expect, it } from "vitest";
import { createPostgresDb, type PrismaClient } from "@/lib/db/engine/client";
import {
  getDecisionById,
  insertDecisionBatch,
  insertEncodedDecisions,
  listDecisions,
} from "@/lib/db/decisions";
import { createDecisionWriter } from "@/lib/telemetry/decision-writer";
import { HISTOGRAM_LENGTH, bucketIndex } from "@/lib/decision-log/histogram";
import { closeTestDb, getTestDb, testDatabaseKind, uniqueSuffix } from "../../support/db";
import { makeRecord } from "./records";

afterAll(closeTestDb);

async function rollupsOf(db: PrismaClient, routeSlug: string) {
  return db.decisionRollup.findMany({
    where: { routeSlug },
    orderBy: [{ granularity: "asc" }, { bucketStart: "asc" }],
  });
}

describe(`decision writer (${testDatabaseKind})`, () => {
  it("writes N records as N decisions with attempts and minute + hour rollups", async () => {
    const db = await getTestDb();
    const route = `route-${uniqueSuffix()}`;
    const writer = createDecisionWriter({
      db,
      maxBuffer: 10_000,
      flushIntervalMs: 50,
      maxBatch: 100,
    });
    const base = Date.UTC(2026, 10, 23, 10, 0, 0);
    const n = 250;
    for (let i = 0; i < n; i++) {
      writer.enqueue(
        makeRecord({
          routeSlug: route,
          createdAt: new Date(base + (i % 2) * 60_000 + i),
          latencyMs: i % 5 === 0 ? 2_500 : 80,
          status: i % 10 === 0 ? "upstream_error" : "success",
          escalated: i % 25 === 0,
        }),
      );
    }
    await writer.close();
    expect(writer.stats()).toEqual({ buffered: 0, written: n, dropped: 0, failedFlushes: 0 });
    expect(await db.decision.count({ where: { routeSlug: route } })).toBe(n);
    expect(await db.decisionAttempt.count({ where: { decision: { routeSlug: route } } })).toBe(
      2 * n,
    );

    const rows = await rollupsOf(db, route);
    const hour = rows.filter((r) => r.granularity === "hour");
    const minute = rows.filter((r) => r.granularity === "minute");
    expect(hour).toHaveLength(1);
    expect(minute).toHaveLength(2);
    const h = hour[0]!;
    expect(h).toMatchObject({
      requests: n,
      errors: 25,
      escalations: 10,
      fallbacks: n,
      policyVersion: 3,
      model: "small-model",
    });
    expect(Number(h.inputTokens)).toBe(100 * n);
    expect(h.costUsd.toNumber()).toBeCloseTo(0.0012 * n, 8);
    expect(h.latencyHist).toHaveLength(HISTOGRAM_LENGTH);
    expect(h.latencyHist[bucketIndex(80)]).toBe(200);
    expect(h.latencyHist[bucketIndex(2_500)]).toBe(50);
    expect(minute.reduce((s, r) => s + r.requests, 0)).toBe(n);
  });

  it("sums rollups across batches and skips decisions already stored", async () => {
    const db = await getTestDb();
    const route = `route-${uniqueSuffix()}`;
    const first = makeRecord({ routeSlug: route, latencyMs: 30 });
    await insertDecisionBatch(db, [first, makeRecord({ routeSlug: route, latencyMs: 30 })]);
    const again = await insertDecisionBatch(db, [
      first,
      makeRecord({ routeSlug: route, latencyMs: 4_000 }),
    ]);
    expect(again).toEqual({ inserted: 1, duplicates: 1 });
    const hour = (await rollupsOf(db, route)).find((r) => r.granularity === "hour");
    expect(hour?.requests).toBe(3);
    expect(hour?.latencyHist[bucketIndex(30)]).toBe(2);
    expect(hour?.latencyHist[bucketIndex(4_000)]).toBe(1);
    // The skipped duplicate brought no attempts; the inserted ones kept theirs.
    expect(await db.decisionAttempt.count({ where: { decision: { routeSlug: route } } })).toBe(6);
    // A batch retried whole after its commit (same decision ids): nothing twice.
    const retried = [makeRecord({ routeSlug: route }), makeRecord({ routeSlug: route })];
    await insertDecisionBatch(db, retried);
    expect(await insertDecisionBatch(db, retried)).toEqual({ inserted: 0, duplicates: 2 });
    expect(await db.decision.count({ where: { routeSlug: route } })).toBe(5);
    expect(await db.decisionAttempt.count({ where: { decision: { routeSlug: route } } })).toBe(10);
    // A request id is not a key (clients may reuse their x-request-id): another decision with
    // the same request id is a request of its own.
    const reused = makeRecord({ routeSlug: route, requestId: first.requestId });
    expect(await insertDecisionBatch(db, [reused])).toEqual({ inserted: 1, duplicates: 0 });
    expect(await db.decision.count({ where: { requestId: first.requestId } })).toBe(2);
  });

  it("stores values Postgres would refuse as given (NUL, lone surrogates, tabs, newlines)", async () => {
    const db = await getTestDb();
    const route = `route-${uniqueSuffix()}`;
    const odd = makeRecord({
      routeSlug: route,
      endUserId: "user\t1\u0000\nnext\\N",
      content: { messages: [{ role: "user", content: "a\u0000b \ud800 c\td\\u0000" }] },
    });
    const plain = makeRecord({ routeSlug: route });
    expect(await insertDecisionBatch(db, [odd, plain])).toEqual({ inserted: 2, duplicates: 0 });
    const stored = await getDecisionById(db, odd.id);
    expect(stored?.endUserId).toBe("user\t1\nnext\\N");
    expect(stored?.content).toEqual({
      messages: [{ role: "user", content: "ab \ufffd c\td\\u0000" }],
    });
    expect(stored?.attempts).toHaveLength(2);
  });

  it("keeps multi-byte text intact across a batch (accents, CJK, emoji, a lone surrogate)", async () => {
    const db = await getTestDb();
    const route = `route-${uniqueSuffix()}`;
    const texts = ["café-👩‍💻", "用户-３", "plain", "x\ud83d-y", "Ωμέγα 🚀🚀"];
    const records = texts.map((t) =>
      makeRecord({ routeSlug: route, endUserId: t, content: { messages: [{ content: t }] } }),
    );
    expect(await insertDecisionBatch(db, records)).toEqual({ inserted: 5, duplicates: 0 });
    for (const [i, r] of records.entries()) {
      const stored = await getDecisionById(db, r.id);
      // A lone surrogate cannot be stored as UTF-8: it arrives as U+FFFD, nothing else moves.
      const expected = i === 3 ? "x\ufffd-y" : texts[i];
      expect(stored?.endUserId).toBe(expected);
      expect(stored?.content).toEqual({ messages: [{ content: expected }] });
      expect(stored?.attempts).toHaveLength(2);
    }
  });

  it("drops a record the database refuses (its batch split to find it) and writes the rest", async () => {
    const db = await getTestDb();
    const route = `route-${uniqueSuffix()}`;
    const errors: unknown[] = [];
    const writer = createDecisionWriter({
      db,
      flushIntervalMs: 60_000,
      onError: (e) => errors.push(e),
    });
    // latencyMs is an int4 column: three billion is out of range (SQLSTATE 22003).
    const records = Array.from({ length: 6 }, (_, i) =>
      makeRecord({ routeSlug: route, latencyMs: i === 4 ? 3_000_000_000 : 100 + i }),
    );
    for (const r of records) writer.enqueue(r);
    await writer.flush();
    expect(writer.stats()).toEqual({ buffered: 0, written: 5, dropped: 1, failedFlushes: 0 });
    expect(errors).toHaveLength(1);
    expect((errors[0] as { code?: string }).code).toBe("22003");
    const stored = await db.decision.findMany({
      where: { routeSlug: route },
      select: { id: true },
    });
    expect(stored.map((d) => d.id).sort()).toEqual(
      records
        .filter((_, i) => i !== 4)
        .map((r) => r.id)
        .sort(),
    );
    const [minute] = await db.decisionRollup.findMany({
      where: { routeSlug: route, granularity: "minute" },
    });
    expect(minute?.requests).toBe(5);
    await writer.close();
  });

  it("drops the oldest record when the buffer is full, and counts it", async () => {
    const db = await getTestDb();
    const route = `route-${uniqueSuffix()}`;
    const writer = createDecisionWriter({
      db,
      maxBuffer: 5,
      flushIntervalMs: 60_000,
      maxBatch: 100,
    });
    const records = Array.from({ length: 8 }, (_, i) =>
      makeRecord({ routeSlug: route, endUserId: `u${i}` }),
    );
    for (const r of records) writer.enqueue(r);
    expect(writer.stats()).toMatchObject({ buffered: 5, dropped: 3 });
    await writer.close();
    const stored = await db.decision.findMany({
      where: { routeSlug: route },
      select: { endUserId: true },
    });
    expect(stored.map((s) => s.endUserId).sort()).toEqual(["u3", "u4", "u5", "u6", "u7"]);
  });

  it("keeps records while the database is down and persists them on recovery", async () => {
    const db = await getTestDb();
    // A real client whose every query fails: a pool pointed at a port with no server.
    const down = createPostgresDb("postgresql://postgres@127.0.0.1:9/none", { max: 1 });
    let target: PrismaClient = down.prisma;
    const route = `route-${uniqueSuffix()}`;
    const errors: unknown[] = [];
    const writer = createDecisionWriter({
      db,
      maxBuffer: 100,
      flushIntervalMs: 20,
      maxBatch: 10,
      maxBackoffMs: 40,
      onError: (e) => errors.push(e),
      writeBatch: (_db, batch) => insertEncodedDecisions(target, batch),
    });
    for (let i = 0; i < 30; i++) writer.enqueue(makeRecord({ routeSlug: route }));
    await writer.flush();
    await new Promise((r) => setTimeout(r, 150));
    expect(writer.stats()).toMatchObject({ buffered: 30, written: 0, dropped: 0 });
    expect(writer.stats().failedFlushes).toBeGreaterThan(0);
    expect(errors.length).toBeGreaterThan(0);

    target = db; // the database is back
    await new Promise((r) => setTimeout(r, 300));
    await writer.close();
    expect(writer.stats()).toMatchObject({ buffered: 0, written: 30, dropped: 0 });
    expect(await db.decision.count({ where: { routeSlug: route } })).toBe(30);
    await down.close();
  });

  it("lists decisions with filters and a keyset cursor, and reads one in detail", async () => {
    const db = await getTestDb();
    const route = `route-${uniqueSuffix()}`;
    const base = Date.UTC(2026, 10, 22, 8, 0, 0);
    const records = Array.from({ length: 12 }, (_, i) =>
      makeRecord({
        routeSlug: route,
        createdAt: new Date(base + Math.floor(i / 2) * 1000),
        costUsd: i / 1000,
        escalated: i % 3 === 0,
      }),
    );
    await insertDecisionBatch(db, records);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listDecisions(db, { routeSlug: route }, { cursor, limit: 5 });
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    const escalated = await listDecisions(db, {
      routeSlug: route,
      escalated: true,
      minCostUsd: 0.002,
      maxCostUsd: 0.009,
    });
    expect(escalated.items.map((d) => d.costUsd).sort()).toEqual([0.003, 0.006, 0.009]);
    const ranged = await listDecisions(db, {
      routeSlug: route,
      from: new Date(base + 1000),
      to: new Date(base + 3000),
    });
    expect(ranged.items).toHaveLength(4);
    const detail = await getDecisionById(db, records[0]!.id);
    expect(detail?.attempts.map((a) => a.kind)).toEqual(["attempt", "fallback"]);
    expect(detail?.trace).toEqual(records[0]!.trace);
    expect(await getDecisionById(db, "not-a-uuid")).toBeNull();
  });
});
