import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAiCompatibleAdapter } from "@/lib/providers/openai-compatible";
import type { ProviderConfig } from "@/lib/providers/types";
import { baseProvider, chatRequest, makeCall } from "./harness";

// An upstream that pretty-prints its answers (as some OpenAI-compatible servers do), so a
// pass-through and a re-serialization of the same JSON differ in their bytes. `bare` answers as
// vLLM or Ollama may: without OpenAI's `logprobs: null` and `refusal: null`.
const answer = (usage: boolean, bare = false): string =>
  JSON.stringify(
    {
      id: "chatcmpl-raw",
      object: "chat.completion",
      created: 1,
      model: "raw-model",
      choices: [
        bare
          ? { index: 0, message: { role: "assistant", content: "hi there" }, finish_reason: "stop" }
          : {
              index: 0,
              message: { role: "assistant", content: "hi there", refusal: null },
              logprobs: null,
              finish_reason: "stop",
            },
      ],
      ...(usage ? { usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 } } : {}),
    },
    null,
    2,
  );

let server: http.Server;
let provider: ProviderConfig;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(answer(req.headers["x-usage"] !== "no", req.headers["x-shape"] === "bare"));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  provider = baseProvider("openai_compatible", `http://127.0.0.1:${port}/v1`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("openai-compatible answers passed through", () => {
  it("keeps the upstream's own text when the answer is forwarded unchanged", async () => {
    const result = await openAiCompatibleAdapter.complete(
      makeCall(provider, "raw-model", chatRequest()),
    );
    expect(result.rawText).toBe(answer(true));
    expect(result.usage).toEqual({
      inputTokens: 7,
      outputTokens: 2,
      cachedTokens: 0,
      estimated: false,
    });
    expect(result.response.choices[0]?.message?.content).toBe("hi there");
  });

  it("keeps no text when usage had to be counted (the answer sent differs from upstream's)", async () => {
    const result = await openAiCompatibleAdapter.complete(
      makeCall(provider, "raw-model", chatRequest(), {
        provider: { ...provider, headers: { "x-usage": "no" } },
      }),
    );
    expect(result.rawText).toBeUndefined();
    expect(result.usage.estimated).toBe(true);
    expect(result.response.usage?.completion_tokens).toBe(result.usage.outputTokens);
  });

  it("fills what OpenAI always sends when the upstream left it out (and keeps no text)", async () => {
    const result = await openAiCompatibleAdapter.complete(
      makeCall(provider, "raw-model", chatRequest(), {
        provider: { ...provider, headers: { "x-shape": "bare" } },
      }),
    );
    expect(result.rawText).toBeUndefined();
    expect(result.usage.estimated).toBe(false);
    const choice = result.response.choices[0];
    expect(choice?.logprobs).toBeNull();
    expect(choice?.message.refusal).toBeNull();
    expect(choice?.message.content).toBe("hi there");
  });
});
