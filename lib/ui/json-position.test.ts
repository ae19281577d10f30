import { describe, expect, it } from "vitest";
import { findJsonError, positionAt } from "./json-position";

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe("findJsonError", () => {
  it.each([
    ['{"a": 1}'],
    ['  [1, -2.5e3, 0, "x\\n\\u00e9", true, false, null, {}, []]  '],
    ['{"rules": [{"id": "a", "when": {"type": "metadata"}}], "default": {}}'],
    ['"just a string"'],
    ["0"],
  ])("accepts valid JSON: %s", (text) => {
    expect(parses(text)).toBe(true);
    expect(findJsonError(text)).toBeNull();
  });

  it.each([
    ['{"a": }', 1, 7, "expected a value, found '}'"],
    [
      '{\n  "a": 1,\n  "b": 2\n  "c": 3\n}',
      4,
      3,
      "expected ',' or '}' after the property value, found '\"'",
    ],
    ['{\n  "a": 1,\n}', 3, 1, "expected a property name in double quotes, found '}'"],
    ["[1, 2,]", 1, 7, "expected a value, found ']'"],
    ['{"a": "open', 1, 12, "unterminated string"],
    ['{"a": 01}', 1, 8, "expected ',' or '}' after the property value, found '1'"],
    ['{"a": tru}', 1, 7, "expected a value, found 't'"],
    ['{"a": "\\x"}', 1, 8, "invalid escape 'x'"],
    ['{"a": 1} x', 1, 10, "expected the end of the text, found 'x'"],
    ["", 1, 1, "expected a value, found the end of the text"],
    ["{'a': 1}", 1, 2, "expected a property name in double quotes, found '''"],
    ['{"a": "line\nbreak"}', 1, 12, "line break or control character inside a string"],
  ])("marks %j at line %i, column %i", (text, line, column, message) => {
    expect(parses(text)).toBe(false);
    expect(findJsonError(text)).toMatchObject({ line, column, message });
  });

  it("refuses absurd nesting instead of overflowing the stack", () => {
    const text = "[".repeat(100_000);
    expect(findJsonError(text)?.message).toContain("nested more than");
  });

  it("counts lines and columns from 1", () => {
    expect(positionAt("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});
