import { afterAll, describe, expect, it } from "vitest";
import { readOverview } from "@/lib/db/dashboard";
import { insertDecisionBatch } from "@/lib/db/decisions";
import { createHistogram, percentileFromHistogram, recordLatency } from "@/lib/telemetry/histogram";
import { closeTestDb, getTestDb, testDatabaseKind, uniqueSuffix } from "../../support/db";
import { makeRecord } from "../telemetry/records";

afterAll(closeTestDb);

const HOUR = 3_600_000;

describe(`overview reads (${testDatabaseKind})`, () => {
  it("sums latency histograms per route across rollup rows (short, older rows count as zeros)", async () => {
    const db = await getTestDb();
    const route = `hist-${uniqueSuffix()}`;
    // A window of its own, far from other tests' data: two hours, several minute buckets.
    const base = Date.UTC(2031, 0, 7, 10, 0, 0) + Math.floor(Math.random() * 1000) * 7 * HOUR;
    const latencies = [30, 30, 60, 80, 120, 120, 180, 400, 900, 2500, 5000, 12_000];
    const records = latencies.map((latencyMs, i) =>
      makeRecord({
        routeSlug: route,
        latencyMs,
        createdAt: new Date(base + (i % 4) * 60_000 + (i % 2) * HOUR),
      }),
    );
    await insertDecisionBatch(db, records);
    // A row written before the histogram had its last buckets: three counts only.
    await db.decisionRollup.createMany({
      data: ["minute", "hour"].map((granularity) => ({
        granularity,
        bucketStart: new Date(base + 2 * 60_000 - (granularity === "hour" ? 2 * 60_000 : 0)),
        routeSlug: route,
        model: "old-model",
        tenantId: "",
        requests: 6,
        latencyHist: [1, 2, 3],
      })),
    });
    const expected = createHistogram();
    for (const ms of latencies) recordLatency(expected, ms);
    expected[0]! += 1;
    expected[1]! += 2;
    expected[2]! += 3;

    // 3 h: minute rows; 2 days: hour rows. Both hold the same decisions.
    for (const span of [3 * HOUR, 48 * HOUR]) {
      const o = await readOverview(db, {
        from: new Date(base - HOUR),
        to: new Date(base - HOUR + span),
        groupBy: "route",
      });
      expect(o.granularity).toBe(span > 24 * HOUR ? "hour" : "minute");
      const stats = o.routes.find((r) => r.routeSlug === route);
      expect(stats?.requests).toBe(latencies.length + 6);
      expect(stats?.p50Ms).toBe(percentileFromHistogram(expected, 0.5));
      expect(stats?.p95Ms).toBe(percentileFromHistogram(expected, 0.95));
    }
  });
});
