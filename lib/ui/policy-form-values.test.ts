import { describe, expect, it } from "vitest";
import {
  formatList,
  formatUtcOffset,
  fractionToPercent,
  hedgeFromInput,
  hedgeInputState,
  moveItem,
  numberInputText,
  parseList,
  parseNumberInput,
  percentToFraction,
  toggleMember,
  utcOffsetOptions,
  weightShares,
  withField,
  withSetting,
} from "./policy-form-values";

describe("policy form: conversions", () => {
  it("percent ⇄ fraction without float noise", () => {
    for (const f of [0, 0.07, 0.1, 0.2, 0.333, 0.8, 1, 1.5]) {
      const p = fractionToPercent(f);
      expect(percentToFraction(p)).toBe(f);
    }
    expect(fractionToPercent(0.07)).toBe(7);
    expect(percentToFraction(undefined)).toBeUndefined();
    expect(fractionToPercent("x")).toBeUndefined();
  });

  it("number inputs: empty is unset, numbers round-trip", () => {
    expect(parseNumberInput("")).toBeUndefined();
    expect(parseNumberInput(" 2000 ")).toBe(2000);
    expect(parseNumberInput(numberInputText(-0.35))).toBe(-0.35);
    expect(numberInputText(undefined)).toBe("");
    expect(numberInputText(Number.NaN)).toBe("");
  });

  it("UTC offsets: labels and a grid that keeps an off-grid value", () => {
    expect(formatUtcOffset(330)).toBe("UTC+05:30");
    expect(formatUtcOffset(-480)).toBe("UTC−08:00");
    expect(formatUtcOffset(0)).toBe("UTC+00:00");
    const grid = utcOffsetOptions(0);
    expect(grid).toHaveLength(113);
    expect(utcOffsetOptions(7).map((o) => o.value)).toContain(7);
  });

  it("checkbox lists keep canonical order, keep unknown members, and can empty", () => {
    const days = [0, 1, 2, 3, 4, 5, 6];
    expect(toggleMember([5, 1], 3, true, days)).toEqual([1, 3, 5]);
    expect(toggleMember([1, 9], 1, false, days)).toEqual([9]);
    expect(toggleMember(undefined, "soft", true, ["ok", "soft", "hard"])).toEqual(["soft"]);
    expect(toggleMember(toggleMember([2], 4, true, days), 4, false, days)).toEqual([2]);
  });

  it("lists typed as text: commas trim, lines keep regex spaces", () => {
    expect(parseList("a, b ,,c,", ",")).toEqual(["a", "b", "c"]);
    expect(parseList("^i am sorry\n\n as an ai", "\n")).toEqual(["^i am sorry", " as an ai"]);
    expect(formatList(["a", "b"], ",")).toBe("a, b");
    expect(formatList(undefined, ",")).toBe("");
  });

  it("withField removes a field set to undefined and keeps the rest", () => {
    expect(withField({ a: 1, b: 2 }, "a", undefined)).toEqual({ b: 2 });
    expect(withField({ a: 1 }, "b", false)).toEqual({ a: 1, b: false });
  });
});

describe("policy form: hedge delay", () => {
  it("empty inherits, a number is a delay, the box is null (off)", () => {
    expect(hedgeInputState(undefined)).toEqual({ off: false, text: "" });
    expect(hedgeInputState(800)).toEqual({ off: false, text: "800" });
    expect(hedgeInputState(null)).toEqual({ off: true, text: "" });
    expect(hedgeFromInput(false, "")).toBeUndefined();
    expect(hedgeFromInput(false, " 800 ")).toBe(800);
    expect(hedgeFromInput(true, "800")).toBeNull();
    for (const v of [undefined, null, 10, 600_000]) {
      const s = hedgeInputState(v);
      expect(hedgeFromInput(s.off, s.text)).toBe(v);
    }
  });

  it("withSetting sets and clears a setting; an emptied settings object leaves the document", () => {
    const doc = { schemaVersion: 1, rules: [] };
    const set = withSetting(doc, "hedgeAfterMs", null);
    expect(set).toEqual({ schemaVersion: 1, rules: [], settings: { hedgeAfterMs: null } });
    expect(withSetting(set, "hedgeAfterMs", undefined)).toEqual(doc);
    const other = { ...doc, settings: { deadlineMs: 60_000 } };
    expect(withSetting(withSetting(other, "hedgeAfterMs", 900), "hedgeAfterMs", undefined)).toEqual(
      other,
    );
  });
});

describe("policy form: rows", () => {
  it("moves rows and ignores moves past the ends", () => {
    expect(moveItem(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(moveItem(["a", "b"], 0, -1)).toEqual(["a", "b"]);
    expect(moveItem(["a", "b"], 1, 1)).toEqual(["a", "b"]);
  });

  it("weighted shares in percent; non-positive weights have none", () => {
    expect(weightShares([{ weight: 90 }, { weight: 10 }])).toEqual([90, 10]);
    expect(weightShares([{ weight: 1 }, { weight: 2 }])).toEqual([33.3, 66.7]);
    expect(weightShares([{ weight: 0 }, {}])).toEqual([null, null]);
  });
});
