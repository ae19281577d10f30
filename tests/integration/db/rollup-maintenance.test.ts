import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/engine/client";
import { sqlQuery } from "@/lib/db/engine/raw-sql";
import { pruneMinuteRollups } from "@/lib/db/rollup-retention";
import { MINUTE_ROLLUP_RETENTION_MS } from "@/lib/decision-log/rollup";
import { startRollupPruner } from "@/lib/telemetry/rollup-retention";
import { closeTestDb, getTestDb, testDatabaseKind, uniqueSuffix } from "../../support/db";

afterAll(closeTestDb);

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

interface Row {
  granularity: string;
  bucketStart: number;
  model?: string;
  requests?: number;
  errors?: number;
  costUsd?: string;
  latencyHist?: number[];
  isDemo?: boolean;
}

async function insertRows(db: PrismaClient, route: string, rows: Row[]): Promise<void> {
  await db.decisionRollup.createMany({
    data: rows.map((r) => ({
      granularity: r.granularity,
      bucketStart: new Date(r.bucketStart),
      routeSlug: route,
      model: r.model ?? "m",
      tenantId: "",
      requests: r.requests ?? 1,
      errors: r.errors ?? 0,
      costUsd: r.costUsd ?? "0",
      latencyHist: r.latencyHist ?? [],
      isDemo: r.isDemo ?? false,
    })),
  });
}

async function rowsOf(db: PrismaClient, route: string, granularity: string) {
  return db.decisionRollup.findMany({
    where: { routeSlug: route, granularity },
    orderBy: [{ bucketStart: "asc" }, { model: "asc" }],
  });
}

describe(`rollup maintenance (${testDatabaseKind})`, () => {
  it("the day-rollup migration backfills day rows from hour rows (histograms element-wise)", async () => {
    const db = await getTestDb();
    const route = `backfill-${uniqueSuffix()}`;
    const day = Date.UTC(2030, 4, 10);
    await insertRows(db, route, [
      {
        granularity: "hour",
        bucketStart: day,
        requests: 2,
        errors: 1,
        costUsd: "0.00000001",
        latencyHist: [1, 1],
      },
      {
        granularity: "hour",
        bucketStart: day + 5 * HOUR,
        requests: 3,
        costUsd: "1.5",
        latencyHist: [0, 1, 2],
        isDemo: true,
      },
      { granularity: "hour", bucketStart: day + 23 * HOUR, requests: 4, latencyHist: [4] },
      { granularity: "hour", bucketStart: day + DAY, requests: 7, latencyHist: [0, 0, 0, 7] },
      { granularity: "hour", bucketStart: day, model: "other", requests: 5, latencyHist: [5] },
      // Minute rows are not read by the backfill.
      { granularity: "minute", bucketStart: day + 3 * MIN, requests: 100 },
    ]);
    const dir = path.resolve("prisma/migrations");
    const folder = fs.readdirSync(dir).find((d) => d.endsWith("_day_rollups"));
    expect(folder).toBeDefined();
    const sql = fs.readFileSync(path.join(dir, folder ?? "", "migration.sql"), "utf8");
    await sqlQuery(db, sql);
    // A second run (say, after a partial restore) adds nothing twice.
    await sqlQuery(db, sql);

    const days = await rowsOf(db, route, "day");
    const hist = (...head: number[]) => [...head, ...new Array<number>(23 - head.length).fill(0)];
    expect(
      days.map((r) => ({
        t: r.bucketStart.toISOString(),
        model: r.model,
        requests: r.requests,
        errors: r.errors,
        costUsd: r.costUsd.toString(),
        latencyHist: r.latencyHist,
        isDemo: r.isDemo,
      })),
    ).toEqual([
      {
        t: "2030-05-10T00:00:00.000Z",
        model: "m",
        requests: 9,
        errors: 1,
        costUsd: "1.50000001",
        latencyHist: hist(5, 2, 2),
        isDemo: true,
      },
      {
        t: "2030-05-10T00:00:00.000Z",
        model: "other",
        requests: 5,
        errors: 0,
        costUsd: "0",
        latencyHist: hist(5),
        isDemo: false,
      },
      {
        t: "2030-05-11T00:00:00.000Z",
        model: "m",
        requests: 7,
        errors: 0,
        costUsd: "0",
        latencyHist: hist(0, 0, 0, 7),
        isDemo: false,
      },
    ]);
  });

  it("prunes minute rows older than the retention in bounded batches, nothing else", async () => {
    const db = await getTestDb();
    const route = `prune-${uniqueSuffix()}`;
    const now = Date.UTC(2026, 10, 23, 12, 0, 0);
    const cutoff = now - MINUTE_ROLLUP_RETENTION_MS;
    const old = [cutoff - DAY, cutoff - HOUR, cutoff - 2 * MIN, cutoff - MIN, cutoff - 3 * MIN];
    await insertRows(db, route, [
      ...old.map((t) => ({ granularity: "minute", bucketStart: t })),
      { granularity: "minute", bucketStart: cutoff },
      { granularity: "minute", bucketStart: now - HOUR },
      { granularity: "hour", bucketStart: cutoff - DAY },
      { granularity: "day", bucketStart: cutoff - 2 * DAY },
    ]);
    expect(await pruneMinuteRollups(db, new Date(cutoff), 2)).toBe(2);

    const pruner = startRollupPruner({ db, clock: () => now, batchSize: 1, maxBatches: 1 });
    expect(await pruner.runOnce()).toBe(1);
    await pruner.close();
    const sweeping = startRollupPruner({ db, clock: () => now, batchSize: 1, maxBatches: 50 });
    expect(await sweeping.runOnce()).toBe(old.length - 3);
    expect(await sweeping.runOnce()).toBe(0);
    await sweeping.close();

    const left = await db.decisionRollup.findMany({
      where: { routeSlug: route },
      orderBy: [{ granularity: "asc" }, { bucketStart: "asc" }],
      select: { granularity: true, bucketStart: true },
    });
    expect(left.map((r) => `${r.granularity} ${r.bucketStart.getTime() - cutoff}`)).toEqual([
      `day ${-2 * DAY}`,
      `hour ${-DAY}`,
      "minute 0",
      `minute ${now - HOUR - cutoff}`,
    ]);
  });

  it("a failing prune is reported and retried on the next run", async () => {
    const db = await getTestDb();
    const errors: unknown[] = [];
    let calls = 0;
    const pruner = startRollupPruner({
      db,
      onError: (e) => errors.push(e),
      prune: async () => {
        calls += 1;
        if (calls === 1) throw new Error("database down");
        return 0;
      },
    });
    expect(await pruner.runOnce()).toBe(0);
    expect(errors).toHaveLength(1);
    expect(await pruner.runOnce()).toBe(0);
    expect(calls).toBe(2);
    await pruner.close();
  });
});
