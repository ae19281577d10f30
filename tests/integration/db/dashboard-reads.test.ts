import { afterAll, describe, expect, it } from "vitest";
import { readOverview } from "@/lib/db/dashboard";
import { insertDecisionBatch } from "@/lib/db/decisions";
import type { DecisionRecord } from "@/lib/decision-log/decision-record";
import {
  createHistogram,
  percentileFromHistogram,
  recordLatency,
} from "@/lib/decision-log/histogram";
import { closeTestDb, getTestDb, testDatabaseKind, uniqueSuffix } from "../../support/db";
import { makeRecord } from "../telemetry/records";

afterAll(closeTestDb);

const HOUR = 3_600_000;
const DAY = 86_400_000;

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

  it("answers 30 days from day rows plus hour rows at the edges, equal to the sum over decisions", async () => {
    const db = await getTestDb();
    const route = `month-${uniqueSuffix()}`;
    // Not aligned to days or hours, in a 40-day slot of its own.
    const from =
      Date.UTC(2033, 0, 3, 17, 42, 10, 250) + Math.floor(Math.random() * 1000) * 40 * DAY;
    const to = from + 30 * DAY;
    const floorHour = (ms: number) => Math.floor(ms / HOUR) * HOUR;
    const ceilDay = (ms: number) => Math.ceil(ms / DAY) * DAY;
    // Spread over [from - 2 days, to + 2 days], plus decisions on every boundary that matters.
    const times: number[] = [];
    for (let i = 0; i < 240; i++)
      times.push(from - 2 * DAY + Math.floor((((i * 7919) % 240) * (34 * DAY)) / 240) + i * 1_013);
    times.push(
      floorHour(from) - 1, // before the hour holding `from`: out
      floorHour(from), // in the hour holding `from`, before `from`: in (whole hours)
      from,
      ceilDay(from) - 1, // last ms of the leading partial day (hour rows)
      ceilDay(from), // first whole day (day rows)
      Math.floor(to / DAY) * DAY - 1, // last ms of the whole days
      Math.floor(to / DAY) * DAY, // trailing partial day (hour rows)
      to - 1,
    );
    const statuses = [
      "success",
      "success",
      "upstream_error",
      "rejected",
      "mid_stream_failure",
    ] as const;
    const records = times.map((t, i) =>
      makeRecord({
        routeSlug: route,
        createdAt: new Date(t),
        finalModel: `m-${i % 3}`,
        status: statuses[i % statuses.length],
        escalated: i % 7 === 0,
        fellBack: i % 4 === 0,
        latencyMs: 20 + ((i * 37) % 3000),
        costUsd: Math.round((i % 13) * 1e5 + 17) / 1e8,
        baselineCostUsd: Math.round((i % 11) * 3e5 + 5) / 1e8,
      }),
    );
    for (let i = 0; i < records.length; i += 100)
      await insertDecisionBatch(db, records.slice(i, i + 100));

    const o = await readOverview(db, { from: new Date(from), to: new Date(to), groupBy: "route" });
    expect(o).toMatchObject({ granularity: "day", stepMs: DAY });
    // Whole hours at the edges, as an hour-row read sums them: [hour of `from`, end of hour of `to`).
    const counted = records.filter(
      (r) =>
        r.createdAt.getTime() >= floorHour(from) && r.createdAt.getTime() < floorHour(to) + HOUR,
    );
    const sum = (f: (r: DecisionRecord) => number) => counted.reduce((a, r) => a + f(r), 0);
    const stats = o.routes.find((r) => r.routeSlug === route);
    expect(stats).toMatchObject({
      requests: counted.length,
      errors: sum((r) =>
        r.status === "upstream_error" || r.status === "mid_stream_failure" ? 1 : 0,
      ),
      escalations: sum((r) => (r.escalated ? 1 : 0)),
      fallbacks: sum((r) => (r.fellBack ? 1 : 0)),
    });
    expect(stats?.costUsd).toBeCloseTo(
      sum((r) => r.costUsd),
      8,
    );
    expect(stats?.baselineCostUsd).toBeCloseTo(
      sum((r) => r.baselineCostUsd),
      8,
    );
    const expectedHist = createHistogram();
    for (const r of counted) recordLatency(expectedHist, r.latencyMs);
    expect(stats?.p50Ms).toBe(percentileFromHistogram(expectedHist, 0.5));
    expect(stats?.p95Ms).toBe(percentileFromHistogram(expectedHist, 0.95));

    // The chart: one point per UTC day (edge hours land in their day), the same totals.
    const points = o.spend.filter((p) => p.key === route);
    expect(points.every((p) => p.t % DAY === 0)).toBe(true);
    expect(new Set(points.map((p) => p.t)).size).toBe(points.length);
    expect(points.reduce((a, p) => a + p.requests, 0)).toBe(counted.length);
    expect(points.reduce((a, p) => a + p.costUsd, 0)).toBeCloseTo(
      sum((r) => r.costUsd),
      8,
    );
    for (const p of points) {
      const inDay = counted.filter((r) => Math.floor(r.createdAt.getTime() / DAY) * DAY === p.t);
      expect(p.requests).toBe(inDay.length);
    }

    // The same decisions read from hour rows only (a 7-day slice vs its sum) agree too.
    const week = await readOverview(db, {
      from: new Date(from),
      to: new Date(from + 7 * DAY),
      groupBy: "route",
    });
    expect(week.granularity).toBe("hour");
    expect(week.routes.find((r) => r.routeSlug === route)?.requests).toBe(
      records.filter(
        (r) =>
          r.createdAt.getTime() >= floorHour(from) &&
          r.createdAt.getTime() < floorHour(from + 7 * DAY) + HOUR,
      ).length,
    );
  });
});
