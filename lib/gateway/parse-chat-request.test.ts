import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { parseChatRequest } from "./parse-chat-request";

const ok = { model: "auto", messages: [{ role: "user", content: "hi" }] };

function paramOf(body: unknown): string | undefined {
  try {
    parseChatRequest(body);
  } catch (error) {
    if (error instanceof AppError) return error.options.param;
    throw error;
  }
  return undefined;
}

describe("parseChatRequest", () => {
  it("accepts a minimal body and keeps unknown fields", () => {
    expect(parseChatRequest({ ...ok, temperature: 0.2, foo: 1 })).toMatchObject({ foo: 1 });
  });

  it("accepts n from 1 to 16 (more than one choice is served, not refused)", () => {
    expect(parseChatRequest({ ...ok, n: 2 }).n).toBe(2);
    expect(parseChatRequest({ ...ok, n: 16 }).n).toBe(16);
  });

  it.each([
    [null, "body"],
    [{ messages: ok.messages }, "model"],
    [{ model: "auto" }, "messages"],
    [{ model: "auto", messages: [] }, "messages"],
    [{ model: "auto", messages: [{ role: "robot", content: "x" }] }, "messages[0].role"],
    [{ model: "auto", messages: [{ role: "user", content: 3 }] }, "messages[0].content"],
    [{ ...ok, n: 0 }, "n"],
    [{ ...ok, n: 17 }, "n"],
    [{ ...ok, n: 1.5 }, "n"],
    [{ ...ok, stream: "yes" }, "stream"],
    [{ ...ok, max_tokens: 0 }, "max_tokens"],
    [{ ...ok, tools: {} }, "tools"],
    [{ ...ok, response_format: { type: "xml" } }, "response_format"],
    [{ ...ok, metadata: { task: 1 } }, "metadata.task"],
  ])("names the offending field of %j", (body, param) => {
    expect(paramOf(body)).toBe(param);
  });
});
