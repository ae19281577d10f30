import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startFakeUpstream, type FakeUpstream } from "@/tests/support/fake-upstream";
import { schemaErrors } from "@/tests/support/openai-schemas/validate";
import {
  HARNESSES,
  chatRequest,
  collect,
  contentOf,
  makeCall,
  rejectionOf,
  WEATHER_TOOL,
} from "./harness";

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

describe.each(HARNESSES)("adapter contract: $name", (h) => {
  const provider = () => h.provider(upstream);

  test("a plain answer is an OpenAI chat completion with upstream usage", async () => {
    const { response, usage } = await h.adapter.complete(
      makeCall(provider(), "model-a", chatRequest()),
    );
    expect(response.object).toBe("chat.completion");
    const choice = response.choices[0];
    expect(choice?.message.role).toBe("assistant");
    expect(typeof choice?.message.content).toBe("string");
    expect((choice?.message.content ?? "").length).toBeGreaterThan(0);
    expect(choice?.finish_reason).toBe("stop");
    expect(usage.estimated).toBe(false);
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBeGreaterThan(0);
    expect(response.usage?.prompt_tokens).toBe(usage.inputTokens);
  });

  test("streaming: a role-only first chunk (not content), content in order, usage at the end", async () => {
    const call = makeCall(provider(), "model-a", chatRequest());
    const whole = await h.adapter.complete(call);
    const events = await collect(
      await h.adapter.stream({ ...call, request: { ...call.request, stream: true } }),
    );
    const first = events[0];
    expect(first?.type).toBe("chunk");
    expect(first?.isContent).toBe(false);
    if (first?.type === "chunk") expect(first.chunk.choices[0]?.delta.role).toBe("assistant");
    expect(events.filter((e) => e.isContent).length).toBeGreaterThan(1);
    expect(contentOf(events)).toBe(whole.response.choices[0]?.message.content);
    const last = events[events.length - 1];
    expect(last?.type).toBe("done");
    if (last?.type === "done") {
      expect(last.usage.estimated).toBe(false);
      expect(last.usage.outputTokens).toBe(whole.usage.outputTokens);
      expect(last.finishReason).toBe("stop");
    }
    expect(events.filter((e) => e.type === "done")).toHaveLength(1);
    for (const e of events)
      if (e.type === "chunk") expect(e.chunk.object).toBe("chat.completion.chunk");
  });

  test("tool calls come back as OpenAI tool_calls, whole and streamed", async () => {
    const request = chatRequest({ tools: [WEATHER_TOOL], tool_choice: "auto" });
    const { response } = await h.adapter.complete(makeCall(provider(), "model-a", request));
    const choice = response.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    const call = choice?.message.tool_calls?.[0];
    expect(call?.function.name).toBe("get_weather");
    expect(typeof call?.id).toBe("string");
    expect(() => JSON.parse(call?.function.arguments ?? "")).not.toThrow();

    const events = await collect(
      await h.adapter.stream(makeCall(provider(), "model-a", { ...request, stream: true })),
    );
    let name = "";
    let args = "";
    for (const e of events) {
      if (e.type !== "chunk") continue;
      for (const tc of e.chunk.choices[0]?.delta.tool_calls ?? []) {
        name += tc.function?.name ?? "";
        args += tc.function?.arguments ?? "";
        expect(e.isContent).toBe(true);
      }
    }
    expect(name).toBe("get_weather");
    expect(JSON.parse(args)).toEqual(JSON.parse(call?.function.arguments ?? ""));
    const done = events[events.length - 1];
    expect(done?.type === "done" && done.finishReason).toBe("tool_calls");
  });

  test("JSON mode answers valid JSON with the schema's required fields", async () => {
    const request = chatRequest({
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "answer",
          schema: {
            type: "object",
            properties: { answer: { type: "string" }, confidence: { type: "number" } },
            required: ["answer", "confidence"],
          },
        },
      },
    });
    const { response } = await h.adapter.complete(makeCall(provider(), "model-a", request));
    const parsed = JSON.parse(response.choices[0]?.message.content ?? "") as Record<
      string,
      unknown
    >;
    expect(parsed).toHaveProperty("answer");
    expect(parsed).toHaveProperty("confidence");
  });

  test("answers and stream chunks validate against OpenAI's published schemas", async () => {
    for (const request of [chatRequest(), chatRequest({ tools: [WEATHER_TOOL] })]) {
      const { response } = await h.adapter.complete(makeCall(provider(), "model-a", request));
      expect(schemaErrors("CreateChatCompletionResponse", response)).toEqual([]);
      const events = await collect(
        await h.adapter.stream(makeCall(provider(), "model-a", { ...request, stream: true })),
      );
      for (const e of events)
        if (e.type === "chunk")
          expect(schemaErrors("CreateChatCompletionStreamResponse", e.chunk)).toEqual([]);
    }
  });

  test("aborting mid-stream rejects with the abort reason and usage() stays readable", async () => {
    if (h.http) upstream.setDefaultAnswer({ tokenDelayMs: 20 });
    const controller = new AbortController();
    const provider2 = h.http
      ? provider()
      : h.provider(upstream, { settings: { seed: 1, msPerToken: 20, outputTokens: 30 } });
    const stream = await h.adapter.stream(
      makeCall(provider2, "model-a", chatRequest({ stream: true }), { signal: controller.signal }),
    );
    const err = await rejectionOf(
      (async () => {
        for await (const e of stream) if (e.isContent) controller.abort();
      })(),
    );
    expect((err as Error).name).toBe("AbortError");
    expect(stream.usage().inputTokens).toBeGreaterThan(0);
    if (h.http) await upstream.waitFor((s) => s.clientAborts === 1);
    upstream.setDefaultAnswer({});
  });

  test("an already-aborted signal rejects before any upstream call", async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await rejectionOf(
      h.adapter.complete(
        makeCall(provider(), "model-a", chatRequest(), { signal: controller.signal }),
      ),
    );
    expect((err as Error).name).toBe("AbortError");
    expect(upstream.stats.requests).toBe(0);
  });
});
