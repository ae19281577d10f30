import { describe, expect, it } from "vitest";
import {
  formatAgo,
  formatBucketTick,
  formatCount,
  formatDateTime,
  formatLatency,
  formatPercent,
  formatTokens,
  formatUsd,
  formatUsdAxis,
  ratio,
} from "./format";

describe("formatUsd", () => {
  it.each([
    [0, "$0.00"],
    [1234.567, "$1,234.57"],
    [1, "$1.00"],
    [0.5, "$0.5000"],
    [0.01234, "$0.0123"],
    [0.00123456, "$0.001235"],
    [0.0000001, "<$0.000001"],
    [-2.5, "-$2.50"],
    [250_000, "$250K"],
    [1_234_567, "$1.2M"],
    [Number.NaN, "–"],
  ])("%s → %s", (value, text) => expect(formatUsd(value)).toBe(text));

  it("axis ticks are short", () => {
    expect(formatUsdAxis(0)).toBe("$0");
    expect(formatUsdAxis(0.0123)).toBe("$0.012");
    expect(formatUsdAxis(12.34)).toBe("$12.3");
    expect(formatUsdAxis(350)).toBe("$350");
    expect(formatUsdAxis(12_000)).toBe("$12K");
  });
});

describe("formatTokens and counts", () => {
  it.each([
    [0, "0 tokens"],
    [1, "1 token"],
    [9_999, "9,999 tokens"],
    [12_345, "12.3K tokens"],
    [2_500_000, "2.5M tokens"],
  ])("%s → %s", (value, text) => expect(formatTokens(value)).toBe(text));
  it("can drop the unit", () => expect(formatTokens(1234, false)).toBe("1,234"));
  it("counts", () => {
    expect(formatCount(123456)).toBe("123,456");
    expect(formatCount(3_400_000)).toBe("3.4M");
  });
});

describe("formatLatency", () => {
  it.each([
    [null, "–"],
    [0.456, "0.46 ms"],
    [12.4, "12 ms"],
    [850, "850 ms"],
    [1250, "1.25 s"],
    [12_500, "12.5 s"],
    [60_000, "1 min"],
    [125_000, "2 min 5 s"],
  ])("%s → %s", (value, text) => expect(formatLatency(value)).toBe(text));
});

describe("formatPercent and ratio", () => {
  it.each([
    [null, "–"],
    [0, "0%"],
    [0.0004, "<0.1%"],
    [0.0123, "1.2%"],
    [0.456, "46%"],
    [1.5, "150%"],
  ])("%s → %s", (value, text) => expect(formatPercent(value)).toBe(text));
  it("ratio has no answer without a whole", () => {
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });
});

describe("dates", () => {
  const t = Date.UTC(2026, 10, 23, 14, 5, 30);
  it("date-time in UTC", () => expect(formatDateTime(t)).toBe("2026-11-23 14:05 UTC"));
  it("ago", () => {
    expect(formatAgo(null, t)).toBe("never");
    expect(formatAgo(t - 10_000, t)).toBe("just now");
    expect(formatAgo(t - 5 * 60_000, t)).toBe("5 min ago");
    expect(formatAgo(t - 3 * 3_600_000, t)).toBe("3 h ago");
    expect(formatAgo(t - 2 * 86_400_000, t)).toBe("2 d ago");
  });
  it("bucket ticks follow the span", () => {
    expect(formatBucketTick(t, 3_600_000)).toBe("14:05");
    expect(formatBucketTick(t, 7 * 86_400_000)).toBe("11-23 14h");
    expect(formatBucketTick(t, 30 * 86_400_000)).toBe("11-23");
  });
});
