import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
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

/** `[[[…]]]` nested `depth` deep (the array itself counts as one level). */
function nested(depth: number): unknown {
  let v: unknown = [];
  for (let i = 1; i < depth; i++) v = [v];
  return v;
}

const fn = (name: string, extra: Record<string, unknown> = {}) => ({
  type: "function",
  function: { name, parameters: { type: "object", properties: {} }, ...extra },
});

describe("parseChatRequest: parameter types, ranges and limits (issue 13)", () => {
  it.each([
    [{ ...ok, temperature: "hot" }, "temperature"],
    [{ ...ok, temperature: 2.5 }, "temperature"],
    [{ ...ok, temperature: -0.1 }, "temperature"],
    [{ ...ok, top_p: 1.5 }, "top_p"],
    [{ ...ok, top_p: "1" }, "top_p"],
    [{ ...ok, presence_penalty: 3 }, "presence_penalty"],
    [{ ...ok, frequency_penalty: -2.5 }, "frequency_penalty"],
    [{ ...ok, max_tokens: 1.5 }, "max_tokens"],
    [{ ...ok, max_tokens: "100" }, "max_tokens"],
    [{ ...ok, seed: 1.5 }, "seed"],
    [{ ...ok, seed: "42" }, "seed"],
    [{ ...ok, stop: 3 }, "stop"],
    [{ ...ok, stop: ["a", "b", "c", "d", "e"] }, "stop"],
    [{ ...ok, stop: ["a", 1] }, "stop"],
    [{ ...ok, logit_bias: [] }, "logit_bias"],
    [{ ...ok, logit_bias: { "50256": 101 } }, "logit_bias.50256"],
    [{ ...ok, logit_bias: { word: 1 } }, "logit_bias.word"],
    [{ ...ok, logprobs: "yes" }, "logprobs"],
    [{ ...ok, top_logprobs: 21 }, "top_logprobs"],
    [{ ...ok, parallel_tool_calls: "true" }, "parallel_tool_calls"],
    [{ ...ok, stream_options: { include_usage: "yes" } }, "stream_options.include_usage"],
    [{ ...ok, tools: [{ type: "retrieval" }] }, "tools[0].type"],
    [{ ...ok, tools: [{ type: "function" }] }, "tools[0].function"],
    [{ ...ok, tools: [fn("has space")] }, "tools[0].function.name"],
    [{ ...ok, tools: [fn("x".repeat(65))] }, "tools[0].function.name"],
    [{ ...ok, tools: [fn("ok"), fn("ok2", { parameters: "{}" })] }, "tools[1].function.parameters"],
    [{ ...ok, tools: [fn("ok", { parameters: [] })] }, "tools[0].function.parameters"],
    [{ ...ok, tools: [fn("ok", { description: 1 })] }, "tools[0].function.description"],
    [{ ...ok, tools: Array.from({ length: 129 }, (_, i) => fn(`f${i}`)) }, "tools"],
    [{ ...ok, tool_choice: "sometimes" }, "tool_choice"],
    [{ ...ok, tool_choice: { type: "function" } }, "tool_choice.function"],
    [
      { ...ok, tool_choice: { type: "function", function: { name: "a b" } } },
      "tool_choice.function.name",
    ],
    [{ ...ok, messages: Array.from({ length: 4097 }, () => ok.messages[0]) }, "messages"],
    [{ ...ok, model: "m".repeat(257) }, "model"],
    [{ ...ok, user: "u".repeat(257) }, "user"],
    [
      { ...ok, metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) },
      "metadata",
    ],
    [{ ...ok, metadata: { task: "t".repeat(513) } }, "metadata.task"],
    [{ ...ok, messages: [{ role: "user", content: null }] }, "messages[0].content"],
    [{ ...ok, messages: [{ role: "tool", content: "42" }] }, "messages[0].tool_call_id"],
    [{ ...ok, messages: [{ role: "assistant", tool_calls: "x" }] }, "messages[0].tool_calls"],
    [
      {
        ...ok,
        messages: [{ role: "assistant", tool_calls: [{ id: "c1", function: { name: "f" } }] }],
      },
      "messages[0].tool_calls[0]",
    ],
    [{ ...ok, x: nested(64) }, "body"],
    [{ ...ok, messages: [{ role: "user", content: "hi", extra: nested(5000) }] }, "body"],
  ])("rejects %# and names the field", (body, param) => {
    expect(paramOf(body)).toBe(param);
  });

  it("accepts every parameter at the ends of its range", () => {
    const body = {
      ...ok,
      temperature: 2,
      top_p: 0,
      presence_penalty: -2,
      frequency_penalty: 2,
      max_tokens: 1,
      seed: -7,
      stop: ["a", "b", "c", "d"],
      logit_bias: { "50256": -100, "11": 100 },
      logprobs: true,
      top_logprobs: 20,
      parallel_tool_calls: false,
      tools: [fn("get_weather-2", { strict: true }), { type: "custom", custom: { name: "c" } }],
      tool_choice: { type: "function", function: { name: "get_weather-2" } },
      stream_options: { include_usage: true },
      x: nested(62),
      messages: [
        { role: "user", content: "weather?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: "c1", content: "sunny" },
      ],
    };
    expect(paramOf(body)).toBeUndefined();
    for (const choice of ["none", "auto", "required"]) {
      expect(paramOf({ ...ok, tool_choice: choice })).toBeUndefined();
    }
  });
});
