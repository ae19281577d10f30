import { describe, expect, it } from "vitest";
import { decodeKeyset, decodeSortedKeyset, encodeKeyset, encodeSortedKeyset } from "./keyset";

const id = "0b6f0c3e-8a4f-4d4a-9a53-0c7c1f1f2a10";

describe("sorted keyset cursors", () => {
  it("round-trip the last row's value and id for the same order", () => {
    const sort = { key: "name", dir: "desc" } as const;
    const name = 'Acme, "quoted" \\ ✓';
    const cursor = encodeSortedKeyset(sort, name, id);
    expect(decodeSortedKeyset(cursor, sort)).toEqual({ value: name, id });
  });

  it("read as the first page for another order, a bad id or garbage", () => {
    const cursor = encodeSortedKeyset({ key: "name", dir: "asc" }, "a", id);
    expect(decodeSortedKeyset(cursor, { key: "name", dir: "desc" })).toBeNull();
    expect(decodeSortedKeyset(cursor, { key: "slug", dir: "asc" })).toBeNull();
    const badId = encodeSortedKeyset({ key: "name", dir: "asc" }, "a", "x' OR 1=1");
    expect(decodeSortedKeyset(badId, { key: "name", dir: "asc" })).toBeNull();
    expect(decodeSortedKeyset(encodeKeyset(["a", id]), { key: "name", dir: "asc" })).toBeNull();
    expect(decodeSortedKeyset("%%%", { key: "name", dir: "asc" })).toBeNull();
    expect(decodeSortedKeyset(null, { key: "name", dir: "asc" })).toBeNull();
    expect(decodeKeyset(encodeKeyset(["a", "b"]), 2)).toEqual(["a", "b"]);
  });
});
