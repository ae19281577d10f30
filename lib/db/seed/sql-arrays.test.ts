import { describe, expect, it } from "vitest";
import { ColumnBuffer, JsonDictionary, boolArray, intArray, textArray } from "./sql-arrays";
import { createKeySource } from "./write-people";
import { generateApiKey } from "@/lib/keys";

describe("postgres array literals", () => {
  it("quotes every text element and escapes quotes and backslashes", () => {
    expect(textArray(["a", null, 'say "hi"', "back\\slash", "{x,y}"])).toBe(
      '{"a",NULL,"say \\"hi\\"","back\\\\slash","{x,y}"}',
    );
    expect(intArray([1, null, 2.6])).toBe("{1,NULL,3}");
    expect(boolArray([true, false])).toBe("{t,f}");
    expect(textArray([])).toBe("{}");
  });

  it("buffers rows column-wise", () => {
    const b = new ColumnBuffer<{ id: string; n: number | null }>(["id", "n"]);
    b.push({ id: "x", n: 1 });
    b.push({ id: "y", n: null });
    expect([b.texts("id"), b.ints("n"), b.length]).toEqual(['{"x","y"}', "{1,NULL}", 2]);
    b.clear();
    expect(b.length).toBe(0);
  });

  it("interns JSON documents", () => {
    const d = new JsonDictionary();
    expect([d.intern({ a: 1 }), d.intern({ b: 2 }), d.intern({ a: 1 })]).toEqual([0, 1, 0]);
    expect(JSON.parse(d.toJson())).toEqual([{ a: 1 }, { b: 2 }]);
  });
});

describe("seed key source", () => {
  it("is reproducible with a seed and scope, random without", () => {
    const a = generateApiKey(createKeySource("s", "demo:"));
    expect(generateApiKey(createKeySource("s", "demo:"))).toBe(a);
    expect(generateApiKey(createKeySource("s", "demo:ns"))).not.toBe(a);
    expect(generateApiKey(createKeySource(undefined, "demo:"))).not.toBe(a);
    expect(a).toMatch(/^sk-sb-[0-9A-Za-z]{40}$/);
  });
});
