import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/engine/client";
import type { FeedbackItem } from "@/lib/db/feedback";
import { createFeedbackWriter } from "./feedback-writer";

const db = {} as PrismaClient;
const item = (id: string): FeedbackItem => ({
  id,
  decisionId: id,
  tenantId: "t",
  routeSlug: "auto",
  model: "m",
  policyVersion: 1,
  decisionAt: new Date(0),
  metric: "ok",
  source: "user",
  value: 1,
  category: null,
  comment: null,
  endUserId: null,
  receivedAt: new Date(0),
});

describe("createFeedbackWriter", () => {
  it("refuses new items when full (never drops accepted ones) and writes in batches", async () => {
    const batches: string[][] = [];
    const writer = createFeedbackWriter({
      db,
      maxBuffer: 3,
      maxBatch: 2,
      flushIntervalMs: 60_000,
      writeBatch: async (_db, batch) => void batches.push(batch.map((i) => i.id)),
    });
    expect(["a", "b", "c", "d"].map((id) => writer.offer(item(id)))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    await writer.flush();
    expect(batches).toEqual([["a", "b"], ["c"]]);
    expect(writer.stats()).toMatchObject({ written: 3, refused: 1, buffered: 0 });
    await writer.close();
    expect(writer.offer(item("e"))).toBe(false);
  });

  it("keeps a batch queued when the database fails, and writes it on the next flush", async () => {
    let fail = true;
    const written: string[] = [];
    const writer = createFeedbackWriter({
      db,
      flushIntervalMs: 60_000,
      onError: () => {},
      writeBatch: async (_db, batch) => {
        if (fail) throw Object.assign(new Error("down"), { code: "08006" });
        written.push(...batch.map((i) => i.id));
      },
    });
    writer.offer(item("a"));
    await writer.flush();
    expect(writer.stats()).toMatchObject({ buffered: 1, failedFlushes: 1 });
    fail = false;
    await writer.flush();
    expect(written).toEqual(["a"]);
    await writer.close();
  });
});
