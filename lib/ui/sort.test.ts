import { describe, expect, it } from "vitest";
import { nextSort, sortRows } from "./sort";

const rows = [
  { name: "b", cost: 2 },
  { name: "a", cost: null },
  { name: "c", cost: 1 },
];
const acc = {
  name: (r: (typeof rows)[number]) => r.name,
  cost: (r: (typeof rows)[number]) => r.cost,
};

describe("sortRows", () => {
  it("sorts strings and numbers both ways, nulls last", () => {
    expect(sortRows(rows, { key: "name", dir: "asc" }, acc).map((r) => r.name)).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect(sortRows(rows, { key: "cost", dir: "asc" }, acc).map((r) => r.name)).toEqual([
      "c",
      "b",
      "a",
    ]);
    expect(sortRows(rows, { key: "cost", dir: "desc" }, acc).map((r) => r.name)).toEqual([
      "b",
      "c",
      "a",
    ]);
  });
  it("flips the same column and starts a new one in its first direction", () => {
    expect(nextSort({ key: "name", dir: "asc" }, "name")).toEqual({ key: "name", dir: "desc" });
    expect(nextSort<"name" | "cost">({ key: "name", dir: "asc" }, "cost", "desc")).toEqual({
      key: "cost",
      dir: "desc",
    });
  });
});
