import { describe, expect, it } from "vitest";
import {
  TEXT_HEAD_CHARS,
  TEXT_TAIL_CHARS,
  forEachNgramHash,
  hashString,
  mixHashes,
} from "./text-features";

function hashes(text: string): { words: number; list: number[] } {
  const list: number[] = [];
  const words = forEachNgramHash(text, (h) => list.push(h));
  return { words, list };
}

describe("forEachNgramHash", () => {
  it("emits each word and each adjacent pair", () => {
    const { words, list } = hashes("prove the claim");
    expect(words).toBe(3);
    const [prove, the, claim] = ["prove", "the", "claim"].map(hashString);
    expect(list).toEqual([prove, the, mixHashes(prove!, the!), claim, mixHashes(the!, claim!)]);
  });

  it("lowercases, splits on punctuation and folds digits", () => {
    expect(hashes("Order #1234, please!").list).toEqual(hashes("order 9876 PLEASE").list);
    expect(hashes("a-b").words).toBe(2);
  });

  it("keeps non-ASCII letters inside words", () => {
    expect(hashes("café crème").words).toBe(2);
  });

  it("reads only the head and the tail of a very long text", () => {
    const head = "alpha ".repeat(TEXT_HEAD_CHARS / 6);
    const middle = "hidden ".repeat(5000);
    const tail = " omega".repeat(TEXT_TAIL_CHARS / 6);
    const { list } = hashes(head + middle + tail);
    expect(list).not.toContain(hashString("hidden"));
    expect(list).toContain(hashString("omega"));
  });

  it("orders bigram hashes", () => {
    expect(mixHashes(1, 2)).not.toBe(mixHashes(2, 1));
  });
});
