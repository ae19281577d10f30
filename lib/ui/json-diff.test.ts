import { describe, expect, it } from "vitest";
import { diffJson, previewJson } from "./json-diff";

describe("diffJson", () => {
  it("is empty for equal documents, whatever the key order", () => {
    expect(diffJson({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toEqual([]);
  });

  it("reports added, removed and changed keys with paths", () => {
    expect(diffJson({ a: 1, b: { c: "x", d: true } }, { a: 2, b: { c: "x" }, e: [1] })).toEqual([
      { kind: "changed", path: "a", before: 1, after: 2 },
      { kind: "removed", path: "b.d", before: true },
      { kind: "added", path: "e", after: [1] },
    ]);
  });

  it("compares plain arrays by index", () => {
    expect(diffJson([1, 2, 3], [1, 5])).toEqual([
      { kind: "changed", path: "[1]", before: 2, after: 5 },
      { kind: "removed", path: "[2]", before: 3 },
    ]);
  });

  it("matches arrays of objects with ids by id (inserted rule does not shift the others)", () => {
    const before = {
      rules: [
        { id: "faq", then: "small" },
        { id: "code", then: "mid" },
      ],
    };
    const after = {
      rules: [
        { id: "new", then: "big" },
        { id: "faq", then: "small" },
        { id: "code", then: "large" },
      ],
    };
    expect(diffJson(before, after)).toEqual([
      { kind: "moved", path: 'rules["faq"]', from: 0, to: 1 },
      { kind: "moved", path: 'rules["code"]', from: 1, to: 2 },
      { kind: "changed", path: 'rules["code"].then', before: "mid", after: "large" },
      { kind: "added", path: 'rules["new"]', after: { id: "new", then: "big" } },
    ]);
  });

  it("treats a type change as one change and quotes odd keys", () => {
    expect(diffJson({ "x-y": { a: 1 } }, { "x-y": [1] })).toEqual([
      { kind: "changed", path: '["x-y"]', before: { a: 1 }, after: [1] },
    ]);
    expect(diffJson(1, "1")).toEqual([{ kind: "changed", path: "(root)", before: 1, after: "1" }]);
  });

  it("normalizes dates and undefined", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    expect(diffJson({ at, u: undefined }, { at: "2026-01-01T00:00:00.000Z" })).toEqual([]);
  });
});

describe("previewJson", () => {
  it("truncates long values", () => {
    expect(previewJson("x".repeat(300), 10)).toHaveLength(10);
    expect(previewJson({ a: 1 })).toBe('{"a":1}');
  });
});
