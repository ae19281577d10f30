import { describe, expect, it } from "vitest";
import { computeCostUsd, estimateWorstCaseCostUsd } from "./cost";
import { extractFeatures } from "./features";
import { estimateTextTokens, loadTokenCounter } from "@/lib/tokens";
import type { RoutingPlan } from "./decision-types";

describe("extractFeatures", () => {
  it("reads structure, format, stream and capabilities", () => {
    const features = extractFeatures({
      model: "auto",
      messages: [
        { role: "system", content: "Be brief." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "x" } },
          ],
        },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "c1", type: "function", function: { name: "lookup", arguments: "{}" } },
          ],
        },
        { role: "tool", content: "result", tool_call_id: "c1" },
      ],
      tools: [{ type: "function", function: { name: "lookup" } }],
      response_format: {
        type: "json_schema",
        json_schema: { name: "x", schema: { type: "object" } },
      },
      stream: true,
      max_completion_tokens: 300,
      max_tokens: 100,
    });
    expect(features).toMatchObject({
      messageCount: 4,
      conversationTurns: 2,
      hasTools: true,
      hasImages: true,
      responseFormat: "json_schema",
      jsonSchema: { type: "object" },
      stream: true,
      maxOutputTokens: 300,
    });
    expect(features.requiredCapabilities).toEqual(["tools", "vision", "json_schema", "streaming"]);
    expect(features.estimatedInputTokens).toBeGreaterThan(765);
    expect(features.content.text()).toContain("What is this?");
    expect(features.content.tokenText()).toContain('"lookup"');
  });

  it("normalizes metadata: explicit beats body, unknown enums are dropped", () => {
    const features = extractFeatures(
      {
        model: "a",
        messages: [],
        user: "u-body",
        metadata: { task: "faq", priority: "urgent", tags: "a,b" },
      },
      { task: "dispute", latencyClass: "batch" },
    );
    expect(features.metadata).toEqual({
      task: "dispute",
      userTier: null,
      latencyClass: "batch",
      tags: ["a", "b"],
      endUserId: "u-body",
      priority: "normal",
    });
  });
});

describe("token estimate", () => {
  it("stays within the margin of the real tokenizer on typical text", async () => {
    const count = await loadTokenCounter(["o200k_base"]);
    const samples = [
      "Hello, I was charged twice for my subscription and would like a refund. ".repeat(30),
      "function f(x) {\n  return x.map((y) => y * 2).filter(Boolean);\n}\n".repeat(30),
      JSON.stringify(Array.from({ length: 40 }, (_, i) => ({ id: i, name: `item${i}` }))),
    ];
    for (const text of samples) {
      const ratio = estimateTextTokens(text) / count(text, "o200k_base");
      expect(ratio).toBeGreaterThan(0.8);
      // Overestimates are safe (a candidate is then counted exactly); undercounts are bounded by the margin.
      expect(ratio).toBeLessThan(1.45);
    }
    // Unloaded families fall back to the estimate plus margin.
    expect(count("hello", "cl100k_base")).toBeGreaterThan(0);
  });
});

describe("costs", () => {
  const model = { inputPricePerMTok: 2, outputPricePerMTok: 8, cachedInputPricePerMTok: 0.5 };

  it("bills input, cached input and output", () => {
    expect(computeCostUsd(model, { inputTokens: 1_000_000, outputTokens: 0 })).toBe(2);
    expect(
      computeCostUsd(model, {
        inputTokens: 1_000_000,
        outputTokens: 500_000,
        cachedInputTokens: 400_000,
      }),
    ).toBeCloseTo(1.2 + 0.2 + 4);
    expect(
      computeCostUsd(
        { ...model, cachedInputPricePerMTok: null },
        { inputTokens: 10, outputTokens: 0, cachedInputTokens: 10 },
      ),
    ).toBeCloseTo(0.00002);
  });

  it("worst case sums every step and retry with the full output allowance", () => {
    const step = {
      ...model,
      model: "m",
      provider: "p",
      providerKind: "simulator" as const,
      upstreamName: "m",
      tier: "small" as const,
      maxOutputTokens: 1000,
      timeoutMs: 1,
      maxRetries: 1,
      moveOnErrors: [],
      gates: null,
    };
    const plan: RoutingPlan = {
      strategy: "fallback",
      deadlineMs: 1,
      steps: [step, { ...step, maxRetries: 0 }],
    };
    const features = extractFeatures({ model: "x", messages: [{ role: "user", content: "hi" }] });
    const input = Math.ceil(features.estimatedInputTokens * 1.2);
    const perAttempt = (input * 2 + 1000 * 8) / 1e6;
    expect(estimateWorstCaseCostUsd(plan, features)).toBeCloseTo(3 * perAttempt, 12);
  });
});
