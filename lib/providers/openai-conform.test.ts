import { describe, expect, it } from "vitest";
import { conformChunk, conformResponse } from "./openai-conform";
import type { ChatCompletionChunk, ChatCompletionResponse } from "../schemas/openai-chat";

/** An upstream answer as parsed from JSON (fields may be missing whatever the types say). */
const parsed = (value: unknown): ChatCompletionResponse => value as ChatCompletionResponse;

describe("conformResponse", () => {
  it("leaves an answer already in OpenAI's shape untouched, service_tier and fingerprint kept", () => {
    const answer = parsed({
      id: "c",
      object: "chat.completion",
      created: 1,
      model: "m",
      service_tier: "default",
      system_fingerprint: "fp_1",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "hi", refusal: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
    const before = JSON.stringify(answer);
    expect(conformResponse(answer)).toBe(false);
    expect(JSON.stringify(answer)).toBe(before);
  });

  it("fills what OpenAI always sends and drops nulls its schema does not allow", () => {
    const answer = parsed({
      id: "c",
      object: "chat.completion",
      created: 1,
      model: "m",
      system_fingerprint: null,
      service_tier: null,
      choices: [{ index: 0, message: { role: "assistant" }, finish_reason: "stop" }],
      usage: {
        prompt_tokens: 1,
        completion_tokens: 1,
        total_tokens: 2,
        prompt_tokens_details: null,
        completion_tokens_details: null,
      },
    });
    expect(conformResponse(answer)).toBe(true);
    expect(JSON.parse(JSON.stringify(answer))).toEqual({
      id: "c",
      object: "chat.completion",
      created: 1,
      model: "m",
      service_tier: null,
      choices: [
        {
          index: 0,
          message: { role: "assistant", refusal: null, content: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  });

  it("drops a null fingerprint and null usage details from stream chunks", () => {
    const chunk = {
      id: "c",
      object: "chat.completion.chunk",
      created: 1,
      model: "m",
      system_fingerprint: null,
      choices: [],
      usage: {
        prompt_tokens: 1,
        completion_tokens: 1,
        total_tokens: 2,
        prompt_tokens_details: null,
      },
    } as unknown as ChatCompletionChunk;
    conformChunk(chunk);
    expect(JSON.parse(JSON.stringify(chunk))).toEqual({
      id: "c",
      object: "chat.completion.chunk",
      created: 1,
      model: "m",
      choices: [],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  });
});
