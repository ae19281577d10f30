import { describe, expect, test } from "vitest";
import { translateRequest } from "./anthropic-request";
import { createAnthropicTranslator, mapStopReason, translateResponse } from "./anthropic-response";
import type { StreamAccount } from "./completion-stream";
import type { StreamEvent } from "./types";

describe("translateRequest (OpenAI → Anthropic)", () => {
  const out = translateRequest(
    {
      model: "x",
      max_completion_tokens: 300,
      temperature: 1.5,
      stop: "END",
      user: "u-1",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "developer", content: [{ type: "text", text: "No emojis." }] },
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
            { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } },
          ],
        },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "t1", type: "function", function: { name: "look", arguments: '{"q":"cat"}' } },
          ],
        },
        { role: "tool", tool_call_id: "t1", content: "a cat" },
        { role: "user", content: "Thanks" },
      ],
      tools: [{ type: "function", function: { name: "look", parameters: { type: "object" } } }],
      tool_choice: "required",
      parallel_tool_calls: false,
      response_format: { type: "json_object" },
    },
    "claude-x",
    4096,
  );

  test("system and developer messages join `system`, plus the JSON instruction", () => {
    expect(out.system).toContain("Be brief.");
    expect(out.system).toContain("No emojis.");
    expect(out.system).toContain("valid JSON");
  });
  test("images, tool_use, and tool results merged with the next user turn", () => {
    expect(out.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(out.messages[0]?.content[1]).toEqual({
      type: "image",
      source: { type: "base64", media_type: "image/png", data: "AAAA" },
    });
    expect(out.messages[0]?.content[2]).toEqual({
      type: "image",
      source: { type: "url", url: "https://example.com/cat.jpg" },
    });
    expect(out.messages[1]?.content[0]).toEqual({
      type: "tool_use",
      id: "t1",
      name: "look",
      input: { q: "cat" },
    });
    expect(out.messages[2]?.content).toEqual([
      { type: "tool_result", tool_use_id: "t1", content: "a cat" },
      { type: "text", text: "Thanks" },
    ]);
  });
  test("parameters", () => {
    expect(out).toMatchObject({
      model: "claude-x",
      max_tokens: 300,
      temperature: 1,
      stop_sequences: ["END"],
      metadata: { user_id: "u-1" },
      tool_choice: { type: "any", disable_parallel_tool_use: true },
      tools: [{ name: "look", input_schema: { type: "object" } }],
    });
  });
});

describe("responses (Anthropic → OpenAI)", () => {
  test("stop reasons", () => {
    expect(mapStopReason("end_turn")).toBe("stop");
    expect(mapStopReason("max_tokens")).toBe("length");
    expect(mapStopReason("tool_use")).toBe("tool_calls");
    expect(mapStopReason("refusal")).toBe("content_filter");
  });
  test("a message with text, a tool call and cached usage", () => {
    const r = translateResponse(
      {
        id: "msg_1",
        model: "claude-x",
        stop_reason: "tool_use",
        content: [
          { type: "text", text: "Let me look." },
          { type: "tool_use", id: "tu1", name: "look", input: { q: 1 } },
        ],
        usage: {
          input_tokens: 10,
          output_tokens: 5,
          cache_read_input_tokens: 90,
          cache_creation_input_tokens: 0,
        },
      },
      1,
    );
    expect(r.choices[0]?.message.tool_calls?.[0]?.function).toEqual({
      name: "look",
      arguments: '{"q":1}',
    });
    expect(r.usage).toMatchObject({
      prompt_tokens: 100,
      completion_tokens: 5,
      prompt_tokens_details: { cached_tokens: 90 },
    });
  });
  test("stream events: two tool blocks keep separate indexes; ping is a keep-alive", () => {
    const t = createAnthropicTranslator(1);
    const account: StreamAccount = {
      output: "",
      inputTokens: undefined,
      outputTokens: undefined,
      cachedTokens: 0,
      finishReason: null,
    };
    const out: StreamEvent[] = [];
    const feed = (data: unknown) => t({ event: "", data: JSON.stringify(data) }, out, account);
    feed({
      type: "message_start",
      message: { id: "m", model: "c", usage: { input_tokens: 3, cache_read_input_tokens: 4 } },
    });
    feed({ type: "ping" });
    feed({
      type: "content_block_start",
      index: 1,
      content_block: { type: "tool_use", id: "a", name: "f" },
    });
    feed({
      type: "content_block_start",
      index: 2,
      content_block: { type: "tool_use", id: "b", name: "g" },
    });
    feed({
      type: "content_block_delta",
      index: 2,
      delta: { type: "input_json_delta", partial_json: "{}" },
    });
    feed({
      type: "message_delta",
      delta: { stop_reason: "tool_use" },
      usage: { output_tokens: 9 },
    });
    expect(feed({ type: "message_stop" })).toBe(true);
    expect(out.map((e) => e.type)).toEqual([
      "chunk",
      "keepalive",
      "chunk",
      "chunk",
      "chunk",
      "chunk",
    ]);
    const args = out[4];
    expect(args?.type === "chunk" && args.chunk.choices[0]?.delta.tool_calls?.[0]?.index).toBe(1);
    expect(account).toMatchObject({
      inputTokens: 7,
      cachedTokens: 4,
      outputTokens: 9,
      finishReason: "tool_calls",
    });
  });
});
