import { describe, expect, it } from "vitest";
import { ProviderError } from "./errors";
import { withChoiceFanOut } from "./fan-out";
import type { ChatCompletionChunk } from "../schemas/openai-chat";
import type {
  CompletionStream,
  ProviderAdapter,
  ProviderCall,
  ProviderConfig,
  StreamEvent,
} from "./types";

const provider: ProviderConfig = {
  kind: "anthropic",
  baseUrl: null,
  apiKey: null,
  headers: {},
  connectTimeoutMs: 1000,
  requestTimeoutMs: 1000,
  allowPrivateNetwork: false,
  settings: {},
};

const call = (n: number): ProviderCall => ({
  provider,
  model: "m",
  request: { model: "m", messages: [{ role: "user", content: "hi" }], n },
});

/** An in-memory single-choice adapter: call k answers "answer k" (k counts calls from 0). */
function fakeAdapter(options: { failCall?: number; streamFailCall?: number } = {}) {
  const seen: ProviderCall[] = [];
  const closed: number[] = [];
  const chunk = (k: number, content: string): ChatCompletionChunk => ({
    id: `id-${k}`,
    object: "chat.completion.chunk",
    created: 100 + k,
    model: "m",
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  });
  const adapter: ProviderAdapter = {
    kind: "anthropic",
    complete(c) {
      const k = seen.push(c) - 1;
      if (k === options.failCall) return Promise.reject(new ProviderError("server_error", "boom"));
      return Promise.resolve({
        response: {
          id: `id-${k}`,
          object: "chat.completion",
          created: 100,
          model: "m",
          choices: [
            {
              index: 0,
              message: { role: "assistant", content: `answer ${k}`, refusal: null },
              finish_reason: "stop",
              logprobs: null,
            },
          ],
        },
        usage: { inputTokens: 10, outputTokens: 2 + k, cachedTokens: 1, estimated: false },
      });
    },
    stream(c) {
      const k = seen.push(c) - 1;
      const usage = { inputTokens: 10, outputTokens: 3, cachedTokens: 0, estimated: false };
      async function* run(): AsyncGenerator<StreamEvent> {
        for (const piece of ["a", "b", "c"]) {
          await Promise.resolve();
          if (k === options.streamFailCall && piece === "b")
            throw new ProviderError("stream_interrupted", "cut");
          yield { type: "chunk", chunk: chunk(k, `${piece}${k}`), isContent: true };
        }
        yield { type: "done", isContent: false, usage, finishReason: "stop" };
      }
      const iterator = run();
      const stream: CompletionStream = {
        [Symbol.asyncIterator]: () => iterator,
        usage: () => usage,
        close: () => void closed.push(k),
      };
      return Promise.resolve(stream);
    },
  };
  return { adapter, seen, closed };
}

describe("withChoiceFanOut", () => {
  it("passes n of 1 straight through", async () => {
    const fake = fakeAdapter();
    const result = await withChoiceFanOut(fake.adapter).complete(call(1));
    expect(fake.seen).toHaveLength(1);
    expect(result.response.choices).toHaveLength(1);
  });

  it("answers n choices from n single-choice calls, usage summed", async () => {
    const fake = fakeAdapter();
    const result = await withChoiceFanOut(fake.adapter).complete(call(3));
    expect(fake.seen).toHaveLength(3);
    for (const c of fake.seen) expect(c.request.n).toBeUndefined();
    expect(result.response.choices.map((c) => [c.index, c.message.content])).toEqual([
      [0, "answer 0"],
      [1, "answer 1"],
      [2, "answer 2"],
    ]);
    expect(result.usage).toEqual({
      inputTokens: 30,
      outputTokens: 9,
      cachedTokens: 3,
      estimated: false,
    });
    expect(result.response.usage).toMatchObject({
      prompt_tokens: 30,
      completion_tokens: 9,
      total_tokens: 39,
    });
    expect(result.rawText).toBeUndefined();
  });

  it("fails the whole call when one fails, aborting the others", async () => {
    const fake = fakeAdapter({ failCall: 1 });
    await expect(withChoiceFanOut(fake.adapter).complete(call(2))).rejects.toMatchObject({
      errorClass: "server_error",
    });
    expect(fake.seen[0]?.signal?.aborted).toBe(true);
  });

  it("interleaves streamed choices by index under one id, with one done of summed usage", async () => {
    const fake = fakeAdapter();
    const stream = await withChoiceFanOut(fake.adapter).stream(call(2));
    const events: StreamEvent[] = [];
    for await (const e of stream) events.push(e);
    const chunks = events.flatMap((e) => (e.type === "chunk" ? [e.chunk] : []));
    const text = (i: number) =>
      chunks
        .flatMap((c) => c.choices)
        .filter((c) => c.index === i)
        .map((c) => c.delta.content)
        .join("");
    expect(text(0)).toBe("a0b0c0");
    expect(text(1)).toBe("a1b1c1");
    // Interleaved as they arrive, not one choice after the other.
    expect(chunks.map((c) => c.choices[0]?.index)).not.toEqual([0, 0, 0, 1, 1, 1]);
    expect(new Set(chunks.map((c) => `${c.id}/${c.created}`)).size).toBe(1);
    const done = events.filter((e) => e.type === "done");
    expect(done).toHaveLength(1);
    expect(done[0]?.type === "done" && done[0].usage.outputTokens).toBe(6);
    expect(events.at(-1)?.type).toBe("done");
    expect(stream.usage().inputTokens).toBe(20);
  });

  it("a streamed choice that breaks fails the stream and closes the others", async () => {
    const fake = fakeAdapter({ streamFailCall: 1 });
    const stream = await withChoiceFanOut(fake.adapter).stream(call(2));
    const consume = async () => {
      for await (const _e of stream) {
        // read until the failure
      }
    };
    await expect(consume()).rejects.toMatchObject({ errorClass: "stream_interrupted" });
    expect(fake.closed.sort()).toEqual([0, 1]);
  });
});
