import { describe, expect, it } from "vitest";
import { sqlBigInt, sqlDate, sqlInt } from "./raw-sql";

// What the two drivers hand back: pg gives int8 as a string, PGlite as a number (or a bigint past
// 2^53); numeric is a string from both; timestamptz a Date from both.
describe("driver value normalisation", () => {
  it.each([
    [123, 123],
    ["123", 123],
    [123n, 123],
    ["-5", -5],
    ["100000000000000", 100_000_000_000_000],
  ])("sqlInt(%o) is %o", (value, expected) => {
    expect(sqlInt(value)).toBe(expected);
  });

  it.each([[1.5], ["1.5"], ["9007199254740993"], [9007199254740993n], [null], [""], ["abc"]])(
    "sqlInt refuses %o (not an exact integer)",
    (value) => {
      expect(() => sqlInt(value)).toThrow(TypeError);
    },
  );

  it("sqlBigInt is exact past 2^53 from every driver shape", () => {
    expect(sqlBigInt("9007199254740993")).toBe(9007199254740993n);
    expect(sqlBigInt(9007199254740993n)).toBe(9007199254740993n);
    expect(sqlBigInt(7)).toBe(7n);
    expect(() => sqlBigInt("1.5")).toThrow(TypeError);
    expect(() => sqlBigInt(1.5)).toThrow(TypeError);
    expect(() => sqlBigInt(undefined)).toThrow(TypeError);
  });

  it("sqlDate takes Dates and ISO text, refuses garbage", () => {
    const d = new Date("2026-11-23T12:00:00.123Z");
    expect(sqlDate(d)).toBe(d);
    expect(sqlDate("2026-11-23T12:00:00.123Z").getTime()).toBe(d.getTime());
    expect(() => sqlDate("not a date")).toThrow(TypeError);
    expect(() => sqlDate(null)).toThrow(TypeError);
  });
});
