import { describe, expect, it } from "vitest";
import { collectPromptText, joinPromptText, TOKENS_PER_REPLY } from "./prompt-text";
import { TOKENS_PER_IMAGE, TOKENS_PER_MESSAGE } from "./tokens";

describe("collectPromptText", () => {
  it("collects text parts, tool calls and tool definitions, and charges images as overhead", () => {
    const prompt = collectPromptText({
      messages: [
        { content: "You are terse." },
        {
          content: [
            { type: "text", text: "What is in this picture?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
          ],
        },
        { content: null, tool_calls: [{ function: { name: "lookup", arguments: '{"q":1}' } }] },
      ],
      tools: [{ type: "function", function: { name: "lookup" } }],
    });
    expect(prompt.pieces).toEqual([
      "You are terse.",
      "What is in this picture?",
      "lookup",
      '{"q":1}',
    ]);
    expect(prompt.imageCount).toBe(1);
    expect(prompt.overheadTokens).toBe(
      3 * TOKENS_PER_MESSAGE + TOKENS_PER_REPLY + TOKENS_PER_IMAGE,
    );
    expect(joinPromptText(prompt)).toBe(
      'You are terse.\nWhat is in this picture?\nlookup\n{"q":1}\n[{"type":"function","function":{"name":"lookup"}}]',
    );
  });

  it("counts legacy functions as tool definitions", () => {
    const prompt = collectPromptText({ messages: [{ content: "hi" }], functions: [{ name: "f" }] });
    expect(prompt.toolText).toBe('[{"name":"f"}]');
    expect(joinPromptText(prompt)).toBe('hi\n[{"name":"f"}]');
  });
});
