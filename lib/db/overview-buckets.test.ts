import { describe, expect, it } from "vitest";
import { MINUTE_ROLLUP_RETENTION_MS } from "@/lib/decision-log/rollup";
import { planBuckets, type BucketPlan } from "./overview-buckets";

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
// Not aligned to any bucket: 2026-11-23T10:17:42.123Z.
const NOW = Date.UTC(2026, 10, 23, 10, 17, 42, 123);
const iso = (ms: number) => new Date(ms).toISOString();

function parts(plan: BucketPlan): string[] {
  return plan.parts.map((p) => `${p.granularity} ${iso(p.fromMs)} → ${iso(p.toMs)}`);
}

describe("planBuckets", () => {
  it.each([
    ["1h", HOUR, "minute", MIN],
    ["3h", 3 * HOUR, "minute", 5 * MIN],
    ["24h", DAY, "minute", 15 * MIN],
    ["7d", 7 * DAY, "hour", HOUR],
    ["30d", 30 * DAY, "day", DAY],
    ["92d", 92 * DAY, "day", DAY],
  ] as const)("a relative %s range reads %s rows at a %d ms step", (_, span, granularity, step) => {
    const plan = planBuckets(NOW - span, NOW, NOW);
    expect(plan.granularity).toBe(granularity);
    expect(plan.stepMs).toBe(step);
  });

  it("1h and 24h read one range of minute rows from the minute holding `from`", () => {
    expect(parts(planBuckets(NOW - HOUR, NOW, NOW))).toEqual([
      "minute 2026-11-23T09:17:00.000Z → 2026-11-23T10:17:42.123Z",
    ]);
    expect(parts(planBuckets(NOW - DAY, NOW, NOW))).toEqual([
      "minute 2026-11-22T10:17:00.000Z → 2026-11-23T10:17:42.123Z",
    ]);
  });

  it("7d reads one range of hour rows from the hour holding `from`", () => {
    expect(parts(planBuckets(NOW - 7 * DAY, NOW, NOW))).toEqual([
      "hour 2026-11-16T10:00:00.000Z → 2026-11-23T10:17:42.123Z",
    ]);
  });

  it("30d reads day rows for whole days and hour rows for the partial days at both edges", () => {
    expect(parts(planBuckets(NOW - 30 * DAY, NOW, NOW))).toEqual([
      "hour 2026-10-24T10:00:00.000Z → 2026-10-25T00:00:00.000Z",
      "day 2026-10-25T00:00:00.000Z → 2026-11-23T00:00:00.000Z",
      "hour 2026-11-23T00:00:00.000Z → 2026-11-23T10:17:42.123Z",
    ]);
  });

  it("a custom range with non-aligned ends covers every hour of the window exactly once", () => {
    const from = Date.UTC(2026, 9, 3, 22, 41, 5);
    const to = Date.UTC(2026, 9, 17, 0, 0, 0, 1);
    const plan = planBuckets(from, to, NOW);
    expect(plan.granularity).toBe("day");
    expect(parts(plan)).toEqual([
      "hour 2026-10-03T22:00:00.000Z → 2026-10-04T00:00:00.000Z",
      "day 2026-10-04T00:00:00.000Z → 2026-10-17T00:00:00.000Z",
      "hour 2026-10-17T00:00:00.000Z → 2026-10-17T00:00:00.001Z",
    ]);
    // Parts are contiguous: each starts where the previous ended.
    for (let i = 1; i < plan.parts.length; i++)
      expect(plan.parts[i]?.fromMs).toBe(plan.parts[i - 1]?.toMs);
  });

  it("a day-aligned custom range reads day rows only", () => {
    const from = Date.UTC(2026, 9, 1);
    const to = Date.UTC(2026, 9, 31);
    expect(parts(planBuckets(from, to, NOW))).toEqual([
      "day 2026-10-01T00:00:00.000Z → 2026-10-31T00:00:00.000Z",
    ]);
  });

  it("a short custom range older than minute-row retention reads hour rows", () => {
    const from = NOW - MINUTE_ROLLUP_RETENTION_MS - 2 * HOUR;
    const plan = planBuckets(from, from + HOUR, NOW);
    expect(plan).toMatchObject({ granularity: "hour", stepMs: HOUR });
    expect(plan.parts).toEqual([
      { granularity: "hour", fromMs: Math.floor(from / HOUR) * HOUR, toMs: from + HOUR },
    ]);
    // Within retention (with an hour of slack) minute rows still serve it.
    const recent = NOW - MINUTE_ROLLUP_RETENTION_MS + 2 * HOUR;
    expect(planBuckets(recent, recent + HOUR, NOW).granularity).toBe("minute");
    expect(planBuckets(recent - 2 * HOUR, recent - HOUR, NOW).granularity).toBe("hour");
  });
});
