import { describe, expect, it } from "vitest";
import type { DecisionRecord } from "./decision-record";
import { bucketIndex } from "./histogram";
import { foldDecisionRollups, isErrorStatus, truncateToBucket } from "./rollup";

function rec(overrides: Partial<DecisionRecord>): DecisionRecord {
  return {
    createdAt: new Date(Date.UTC(2026, 0, 1, 10, 30, 15)),
    routeSlug: "auto",
    finalModel: "m",
    tenantId: "t",
    policyVersion: 1,
    status: "success",
    escalated: false,
    fellBack: false,
    inputTokens: 10,
    outputTokens: 5,
    costUsd: 0.001,
    baselineCostUsd: 0.002,
    latencyMs: 100,
    isDemo: false,
    ...overrides,
  } as DecisionRecord;
}

describe("rollup fold", () => {
  it("truncates to UTC minute, hour and day buckets", () => {
    const t = Date.UTC(2026, 0, 1, 10, 30, 15, 500);
    expect(new Date(truncateToBucket(t, "minute")).toISOString()).toBe("2026-01-01T10:30:00.000Z");
    expect(new Date(truncateToBucket(t, "hour")).toISOString()).toBe("2026-01-01T10:00:00.000Z");
    expect(new Date(truncateToBucket(t, "day")).toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });

  it("writes a day row per UTC day that sums its hour rows", () => {
    const at = (d: number, h: number, m = 0) => new Date(Date.UTC(2026, 0, d, h, m));
    const records = [
      rec({ createdAt: at(1, 0, 0), latencyMs: 40 }),
      rec({ createdAt: at(1, 10, 5), status: "upstream_error", latencyMs: 900 }),
      rec({ createdAt: at(1, 23, 59), escalated: true, latencyMs: 5000 }),
      rec({ createdAt: at(2, 0, 0), fellBack: true, latencyMs: 120 }),
      rec({ createdAt: at(2, 0, 0), tenantId: "other" }),
    ];
    const rows = foldDecisionRollups(records);
    const day = rows.filter((r) => r.granularity === "day");
    expect(day.map((r) => [r.bucketStart.toISOString(), r.tenantId, r.requests])).toEqual([
      ["2026-01-01T00:00:00.000Z", "t", 3],
      ["2026-01-02T00:00:00.000Z", "t", 1],
      ["2026-01-02T00:00:00.000Z", "other", 1],
    ]);
    // Each day row equals the element-wise sum of the hour rows of its day and dimensions.
    for (const d of day) {
      const hours = rows.filter(
        (r) =>
          r.granularity === "hour" &&
          r.tenantId === d.tenantId &&
          truncateToBucket(r.bucketStart.getTime(), "day") === d.bucketStart.getTime(),
      );
      const sum = (f: (r: (typeof rows)[number]) => number) => hours.reduce((a, r) => a + f(r), 0);
      expect(d.requests).toBe(sum((r) => r.requests));
      expect(d.errors).toBe(sum((r) => r.errors));
      expect(d.escalations).toBe(sum((r) => r.escalations));
      expect(d.fallbacks).toBe(sum((r) => r.fallbacks));
      expect(d.latencySumMs).toBe(sum((r) => r.latencySumMs));
      expect(d.costUsd).toBeCloseTo(
        sum((r) => r.costUsd),
        12,
      );
      expect(d.latencyHist).toEqual(d.latencyHist.map((_, i) => sum((r) => r.latencyHist[i] ?? 0)));
    }
    expect(rows.filter((r) => r.granularity === "hour")).toHaveLength(5);
    expect(rows.filter((r) => r.granularity === "minute")).toHaveLength(5);
  });

  it.each([
    ["success", false],
    ["upstream_error", true],
    ["mid_stream_failure", true],
    ["rejected", false],
    ["client_closed", false],
  ] as const)("counts %s as error: %s", (status, expected) => {
    expect(isErrorStatus(status)).toBe(expected);
  });

  it("groups by bucket and dimensions, with empty strings for none", () => {
    const rows = foldDecisionRollups([
      rec({}),
      rec({
        createdAt: new Date(Date.UTC(2026, 0, 1, 10, 31)),
        status: "upstream_error",
        latencyMs: 2000,
      }),
      rec({
        finalModel: null,
        tenantId: null,
        policyVersion: null,
        escalated: true,
        fellBack: true,
      }),
    ]);
    const hour = rows.filter((r) => r.granularity === "hour");
    const minute = rows.filter((r) => r.granularity === "minute");
    expect(hour).toHaveLength(2);
    expect(minute).toHaveLength(3);
    const main = hour.find((r) => r.model === "m");
    expect(main).toMatchObject({ requests: 2, errors: 1, inputTokens: 20, latencySumMs: 2100 });
    expect(main?.costUsd).toBeCloseTo(0.002, 10);
    expect(main?.latencyHist[bucketIndex(100)]).toBe(1);
    expect(main?.latencyHist[bucketIndex(2000)]).toBe(1);
    expect(hour.find((r) => r.model === "")).toMatchObject({
      tenantId: "",
      policyVersion: 0,
      escalations: 1,
      fallbacks: 1,
    });
  });
});

describe("rollup fold equals a fold of every record at every granularity", () => {
  it("for records spread over minutes, hours, days and dimensions", () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    const statuses = ["success", "upstream_error", "rejected", "client_closed"] as const;
    const records = Array.from({ length: 600 }, () =>
      rec({
        createdAt: new Date(Date.UTC(2026, 0, 1) + rand(3 * 86_400_000)),
        routeSlug: ["auto", "cheap"][rand(2)]!,
        finalModel: [null, "m1", "m2"][rand(3)]!,
        tenantId: [null, "t1", "t2"][rand(3)]!,
        policyVersion: [null, 1, 2][rand(3)]!,
        status: statuses[rand(4)]!,
        escalated: rand(2) === 0,
        fellBack: rand(3) === 0,
        inputTokens: rand(1000),
        outputTokens: rand(500),
        costUsd: rand(10_000) / 1e6,
        baselineCostUsd: rand(10_000) / 1e6,
        latencyMs: rand(20_000),
        isDemo: rand(5) === 0,
      }),
    );
    const granularities = ["minute", "hour", "day"] as const;
    // Reference: each granularity folded straight from the records.
    const reference = granularities.flatMap((g) => foldDecisionRollups(records, [g]));
    const key = (r: (typeof reference)[number]): string =>
      `${r.granularity}|${r.bucketStart.toISOString()}|${r.routeSlug}|${r.model}|${r.tenantId}|${r.policyVersion}`;
    const byKey = new Map(reference.map((r) => [key(r), r]));
    const folded = foldDecisionRollups(records, granularities);
    expect(folded).toHaveLength(reference.length);
    for (const row of folded) {
      const want = byKey.get(key(row));
      expect(want, key(row)).toBeDefined();
      expect({ ...row, costUsd: 0, baselineCostUsd: 0 }).toEqual({
        ...want!,
        costUsd: 0,
        baselineCostUsd: 0,
      });
      expect(row.costUsd).toBeCloseTo(want!.costUsd, 10);
      expect(row.baselineCostUsd).toBeCloseTo(want!.baselineCostUsd, 10);
    }
  });
});
