import { describe, expect, it } from "vitest";
import { findRegexHazard } from "./regex-guard";

describe("findRegexHazard", () => {
  it.each([
    "refund",
    "charged (twice|two times)",
    "^i('| a)m (sorry|unable)",
    "(?:order|invoice) #?\\d+",
    "\\b[A-Z]{2}\\d{6}\\b",
    "(?<year>\\d{4})-\\d{2}",
    "a{2,5}b+",
    "[(+*]+",
  ])("accepts %s", (pattern) => {
    expect(findRegexHazard(pattern)).toBeNull();
  });

  it.each([
    ["(a+)+", "nested"],
    ["(a*)*b", "nested"],
    ["((ab)+c)+", "nested"],
    ["(\\w+\\s?)+$", "nested"],
    ["(a|aa)+", "alternation"],
    ["(x)\\1", "backreference"],
    ["(?<n>x)\\k<n>", "backreference"],
    ["(?<=a)b", "lookbehind"],
    ["[", "invalid"],
    ["x".repeat(600), "longer"],
  ])("rejects %s", (pattern, reason) => {
    expect(findRegexHazard(pattern)).toContain(reason);
  });

  it("rejects unknown flags", () => {
    expect(findRegexHazard("a", "g")).toContain("flags");
  });
});
