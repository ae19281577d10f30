import { describe, expect, test } from "vitest";
import { isProviderError } from "../errors";
import type { ChatCompletionRequest } from "../../schemas/openai-chat";
import type { ProviderCall, StreamEvent } from "../types";
import { simulatorAdapter } from "./adapter";

const request: ChatCompletionRequest = {
  model: "x",
  messages: [{ role: "user", content: "Explain routing latency budgets" }],
};
const call = (
  settings: Record<string, unknown>,
  extra: Partial<ProviderCall> = {},
  req = request,
): ProviderCall => ({
  provider: {
    kind: "simulator",
    baseUrl: null,
    apiKey: null,
    headers: {},
    connectTimeoutMs: 100,
    requestTimeoutMs: 1000,
    allowPrivateNetwork: false,
    settings,
  },
  model: "sim-a",
  request: req,
  ...extra,
});

describe("simulator", () => {
  test("deterministic by seed + request; another seed or prompt answers differently", async () => {
    const a = await simulatorAdapter.complete(call({ seed: 3 }));
    const b = await simulatorAdapter.complete(call({ seed: 3 }));
    const c = await simulatorAdapter.complete(call({ seed: 4 }));
    expect(a.response.choices[0]?.message.content).toBe(b.response.choices[0]?.message.content);
    expect(a.response.choices[0]?.message.content).not.toBe(c.response.choices[0]?.message.content);
  });

  test("output token counts follow settings and max_tokens (finish length)", async () => {
    const r = await simulatorAdapter.complete(call({ outputTokens: 50 }));
    expect(r.usage.outputTokens).toBe(50);
    const capped = await simulatorAdapter.complete(
      call({ outputTokens: 50 }, {}, { ...request, max_tokens: 10 }),
    );
    expect(capped.usage.outputTokens).toBe(10);
    expect(capped.response.choices[0]?.finish_reason).toBe("length");
  });

  test("per-model latency: time to first token and per token", async () => {
    const t0 = performance.now();
    const s = await simulatorAdapter.stream(
      call({ jitter: 0, models: { "sim-a": { ttftMs: 60, msPerToken: 2, outputTokens: 20 } } }),
    );
    const tFirst = performance.now() - t0;
    for await (const _ of s) void _;
    const total = performance.now() - t0;
    expect(tFirst).toBeGreaterThanOrEqual(55);
    expect(total).toBeGreaterThanOrEqual(90);
  });

  test("error rate 1 fails with the configured class; ttft beyond the timeout is a timeout", async () => {
    const err = await simulatorAdapter
      .complete(call({ errorRate: 1, errorClasses: ["rate_limited"] }))
      .catch((e: unknown) => e);
    expect(isProviderError(err) && err.errorClass).toBe("rate_limited");
    const slow = await simulatorAdapter
      .complete(call({ ttftMs: 500 }, { timeoutMs: 30 }))
      .catch((e: unknown) => e);
    expect(isProviderError(slow) && slow.errorClass).toBe("timeout");
  });

  test("mid-stream failure after content is stream_interrupted", async () => {
    const events: StreamEvent[] = [];
    const err = await (async () => {
      for await (const e of await simulatorAdapter.stream(
        call({ midStreamErrorRate: 1, outputTokens: 30 }),
      ))
        events.push(e);
    })().catch((e: unknown) => e);
    expect(isProviderError(err) && err.errorClass).toBe("stream_interrupted");
    expect(events.some((e) => e.isContent)).toBe(true);
  });

  test("low quality JSON misses a required field sometimes; quality 1 never does", async () => {
    const schema = {
      type: "object",
      properties: { a: { type: "string" }, b: { type: "integer" } },
      required: ["a", "b"],
    };
    const req = (i: number): ChatCompletionRequest => ({
      ...request,
      messages: [{ role: "user", content: `question ${i}` }],
      response_format: { type: "json_schema", json_schema: { name: "s", schema } },
    });
    let missing = 0;
    for (let i = 0; i < 40; i++) {
      const good = await simulatorAdapter.complete(call({ quality: 1 }, {}, req(i)));
      expect(
        Object.keys(JSON.parse(good.response.choices[0]?.message.content ?? "{}") as object).sort(),
      ).toEqual(["a", "b"]);
      const bad = await simulatorAdapter.complete(call({ quality: 0.3 }, {}, req(i)));
      if (
        Object.keys(JSON.parse(bad.response.choices[0]?.message.content ?? "{}") as object).length <
        2
      )
        missing++;
    }
    expect(missing).toBeGreaterThan(10);
  });

  // Its cost per call is measured by bench:gateway (the simulator hop), not timed here: a unit
  // test's wall clock is the machine's load, not the code's speed.
  test("reportUsage false flags usage as estimated", async () => {
    const r = await simulatorAdapter.complete(call({ reportUsage: false }));
    expect(r.usage.estimated).toBe(true);
    expect(r.usage.inputTokens).toBeGreaterThan(0);
  });
});
