import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { SseParser } from "./sse";

const STREAM =
  'data: {"a":1}\n\n: keep-alive\n\nevent: content_block_delta\ndata: {"t":"héllo 🌍"}\n\n' +
  "data: line1\ndata: line2\n\r\ndata: [DONE]\n\n";

function parseAll(parts: Buffer[]) {
  const p = new SseParser();
  const events = parts.flatMap((b) => p.push(b)).concat(p.end());
  return { events, comments: p.comments };
}

describe("SseParser", () => {
  test("parses events, names, multi-line data, comments and CRLF", () => {
    const { events, comments } = parseAll([Buffer.from(STREAM)]);
    expect(events).toEqual([
      { event: "message", data: '{"a":1}' },
      { event: "content_block_delta", data: '{"t":"héllo 🌍"}' },
      { event: "message", data: "line1\nline2" },
      { event: "message", data: "[DONE]" },
    ]);
    expect(comments).toBe(1);
  });

  test("any split of the bytes (inside lines, CRLF, multi-byte characters) gives the same events", () => {
    const bytes = Buffer.from(STREAM.replace(/\n/g, "\r\n"));
    const whole = parseAll([bytes]).events;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const sorted = [...cuts].sort((a, b) => a - b);
          const parts: Buffer[] = [];
          let start = 0;
          for (const c of sorted) {
            parts.push(bytes.subarray(start, c));
            start = c;
          }
          parts.push(bytes.subarray(start));
          expect(parseAll(parts).events).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("a final event without a blank line is flushed by end()", () => {
    const p = new SseParser();
    expect(p.push("data: x")).toEqual([]);
    expect(p.end()).toEqual([{ event: "message", data: "x" }]);
  });
});
