import { describe, expect, it } from "vitest";
import type { RouteStats, SpendPoint } from "@/lib/schemas/console/overview";
import {
  bucketTimes,
  buildRouteRates,
  buildStackedSpend,
  buildTotalsSeries,
  buildWaterfall,
  summarizeTotals,
} from "./chart-series";

const MIN = 60_000;
const point = (
  t: number,
  key: string,
  costUsd: number,
  extra: Partial<SpendPoint> = {},
): SpendPoint => ({
  t,
  key,
  costUsd,
  baselineCostUsd: costUsd * 2,
  requests: 10,
  errors: 1,
  ...extra,
});

describe("bucketTimes", () => {
  it("starts at the bucket holding `from` and stops before `to`", () => {
    expect(bucketTimes(90_000, 240_000, MIN)).toEqual([60_000, 120_000, 180_000]);
  });
  it("is empty for an empty or inverted window", () => {
    expect(bucketTimes(5, 5, MIN)).toEqual([]);
    expect(bucketTimes(0, 100, 0)).toEqual([]);
  });
});

describe("buildStackedSpend", () => {
  const window = { from: 0, to: 3 * MIN, stepMs: MIN };

  it("pivots by group, fills empty buckets with zeros, labels keys", () => {
    const { keys, rows } = buildStackedSpend(
      [point(0, "gpt-4.1-mini", 1), point(2 * MIN, "gpt-4.1-mini", 2), point(0, "claude", 5)],
      window,
      { claude: "Claude" },
    );
    expect(keys.map((k) => [k.dataKey, k.label])).toEqual([
      ["s0", "Claude"],
      ["s1", "gpt-4.1-mini"],
    ]);
    expect(rows).toEqual([
      { t: 0, s0: 5, s1: 1 },
      { t: MIN, s0: 0, s1: 0 },
      { t: 2 * MIN, s0: 0, s1: 2 },
    ]);
  });

  it("folds groups past the limit into Other", () => {
    const points = ["a", "b", "c", "d"].map((k, i) => point(0, k, 10 - i));
    const { keys, rows } = buildStackedSpend(points, window, {}, 3);
    expect(keys.map((k) => k.label)).toEqual(["a", "b", "Other"]);
    expect(rows[0]).toEqual({ t: 0, s0: 10, s1: 9, other: 8 + 7 });
  });

  it("ignores points outside the window", () => {
    const { rows } = buildStackedSpend([point(10 * MIN, "a", 1)], window, {});
    expect(rows.every((r) => r.s0 === 0)).toBe(true);
  });
});

describe("buildTotalsSeries", () => {
  it("sums groups per bucket; error rate is null without requests", () => {
    const rows = buildTotalsSeries([point(0, "a", 1), point(0, "b", 2)], {
      from: 0,
      to: 2 * MIN,
      stepMs: MIN,
    });
    expect(rows[0]).toEqual({
      t: 0,
      costUsd: 3,
      baselineCostUsd: 6,
      savingsUsd: 3,
      requests: 20,
      errors: 2,
      errorRate: 0.1,
    });
    expect(rows[1]?.errorRate).toBeNull();
  });
});

const route = (slug: string, requests: number, extra: Partial<RouteStats> = {}): RouteStats => ({
  routeSlug: slug,
  requests,
  errors: 0,
  escalations: 0,
  fallbacks: 0,
  costUsd: 0,
  baselineCostUsd: 0,
  p50Ms: 100,
  p95Ms: 900,
  ...extra,
});

describe("route rates and totals", () => {
  it("orders routes by traffic and turns counts into percentages", () => {
    const rows = buildRouteRates([
      route("b", 10, { escalations: 1 }),
      route("a", 200, { fallbacks: 20, errors: 2 }),
      route("idle", 0),
    ]);
    expect(rows.map((r) => r.route)).toEqual(["a", "b"]);
    expect(rows[0]).toMatchObject({ fallbackPct: 10, errorPct: 1, p95Ms: 900 });
    expect(rows[1]?.escalationPct).toBe(10);
  });

  it("summarizes", () => {
    const t = summarizeTotals([
      route("a", 100, { costUsd: 2, baselineCostUsd: 8, errors: 5, escalations: 10 }),
      route("b", 100, { costUsd: 2, baselineCostUsd: 2, fallbacks: 4 }),
    ]);
    expect(t).toEqual({
      requests: 200,
      costUsd: 4,
      baselineCostUsd: 10,
      savingsUsd: 6,
      savingsRatio: 0.6,
      errorRate: 0.025,
      escalationRate: 0.05,
      fallbackRate: 0.02,
    });
    expect(summarizeTotals([]).errorRate).toBeNull();
  });
});

describe("buildWaterfall", () => {
  it("places attempts on the request's timeline with TTFT marks", () => {
    const start = Date.UTC(2026, 0, 1);
    const iso = (ms: number) => new Date(start + ms).toISOString();
    const { totalMs, bars } = buildWaterfall(start, 1000, [
      {
        position: 0,
        kind: "attempt",
        model: "a",
        startedAt: iso(0),
        durationMs: 400,
        ttftMs: null,
        outcome: "error",
      },
      {
        position: 1,
        kind: "fallback",
        model: "b",
        startedAt: iso(500),
        durationMs: 500,
        ttftMs: 100,
        outcome: "success",
      },
    ]);
    expect(totalMs).toBe(1000);
    expect(bars[0]).toMatchObject({
      leftPct: 0,
      widthPct: 40,
      ttftPct: null,
      label: "attempt · a",
    });
    expect(bars[1]).toMatchObject({ leftPct: 50, widthPct: 50, ttftPct: 60, startMs: 500 });
  });

  it("stretches to an attempt that ends after the recorded latency", () => {
    const start = 0;
    const { totalMs } = buildWaterfall(start, 100, [
      {
        position: 0,
        kind: "attempt",
        model: "a",
        startedAt: new Date(50).toISOString(),
        durationMs: 150,
        ttftMs: null,
        outcome: "success",
      },
    ]);
    expect(totalMs).toBe(200);
  });
});
