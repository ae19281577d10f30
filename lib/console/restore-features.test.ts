import { describe, expect, it } from "vitest";
import {
  FeaturesSummarySchema,
  StoredFeaturesSchema,
  type FeaturesSummary,
} from "@/lib/decision-log/features-summary";
import { buildFeatures } from "@/lib/db/seed/explain-shape";
import { createRng } from "@/lib/random";
import type { RoutePlan } from "@/lib/db/seed/routes";
import { summarizeFeatures } from "@/lib/gateway/summarize-features";
import { extractFeatures } from "@/lib/router";
import { restoreFeatures } from "./restore-features";

/** What a jsonb column gives back. */
const stored = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const engine = extractFeatures(
  {
    model: "auto",
    messages: [
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "image_url", image_url: { url: "x" } }] },
    ],
    tools: [{ type: "function", function: { name: "lookup" } }],
    response_format: { type: "json_schema", json_schema: { name: "x", schema: {} } },
    stream: true,
    max_tokens: 200,
    user: "u-1",
    metadata: { task: "extract", tags: "a,b", latency_class: "interactive", priority: "high" },
  },
  { userTier: "vip" },
);
const gateway = summarizeFeatures(engine);

const plan: RoutePlan = {
  weight: 1,
  rule: "interactive",
  strategy: "fallback",
  models: ["m"],
  inputTokens: 800,
  outputTokens: 200,
  task: "vision",
  tags: ["vip"],
};
const seed = buildFeatures(createRng("features"), plan, 800, true, "user-0007");

/** The flat object demo histories stored before the seed wrote the gateway's shape. */
const legacy = { estimatedInputTokens: 812, maxOutputTokens: 1024, stream: true, task: "faq" };

describe("the stored features summary", () => {
  it("is what both the gateway and the seed produce", () => {
    for (const summary of [gateway, seed]) {
      const parsed = FeaturesSummarySchema.safeParse(stored(summary));
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(parsed.data).toEqual(summary);
      // The console's tolerant reader keeps a valid summary as it is.
      expect(StoredFeaturesSchema.parse(stored(summary))).toEqual(summary);
    }
    expect(gateway).toMatchObject({ hasJsonSchema: true, hasImages: true, hasTools: true });
    expect(seed.requiredCapabilities).toEqual(["vision"]);
  });

  it("is the engine's features minus content and the schema body", () => {
    expect(gateway).not.toHaveProperty("content");
    expect(gateway).not.toHaveProperty("jsonSchema");
    const kept = Object.keys(engine).filter((k) => k !== "content" && k !== "jsonSchema");
    expect(Object.keys(gateway).sort()).toEqual([...kept, "hasJsonSchema"].sort());
  });

  it("rejects the old flat shape strictly; the tolerant reader lifts it", () => {
    expect(FeaturesSummarySchema.safeParse(legacy).success).toBe(false);
    const read: FeaturesSummary = StoredFeaturesSchema.parse(legacy);
    expect(read).toMatchObject({
      estimatedInputTokens: 812,
      overheadTokens: 0,
      messageCount: 1,
      responseFormat: "text",
      requiredCapabilities: [],
      metadata: { task: "faq", tags: [], priority: "normal", endUserId: null },
    });
  });
});

describe("restoreFeatures", () => {
  it("replays a gateway row as the engine's features, without content", () => {
    const restored = restoreFeatures(stored(gateway));
    const { content: _c, jsonSchema: _s, ...rest } = engine;
    expect(restored).toMatchObject({ ...rest, jsonSchema: null });
    expect(restored?.content.text()).toBe("");
  });

  it("replays a seed row and an old flat row", () => {
    expect(restoreFeatures(stored(seed))?.metadata).toMatchObject({
      task: "vision",
      userTier: "vip",
      latencyClass: "interactive",
      endUserId: "user-0007",
    });
    const old = restoreFeatures({ ...legacy, tags: ["x", 1] }, "u-row");
    expect(old?.metadata).toMatchObject({ task: "faq", tags: ["x"], endUserId: "u-row" });
    expect(old).toMatchObject({ estimatedInputTokens: 812, maxOutputTokens: 1024, stream: true });
  });

  it("gives up without a token estimate, and reads bad values as defaults", () => {
    expect(restoreFeatures({})).toBeNull();
    expect(restoreFeatures(null)).toBeNull();
    expect(restoreFeatures({ estimatedInputTokens: "12" })).toBeNull();
    const odd = restoreFeatures({
      estimatedInputTokens: 5,
      responseFormat: "xml",
      requiredCapabilities: ["vision", "telepathy"],
      metadata: { task: "", priority: "urgent", latencyClass: "slow" },
    });
    expect(odd).toMatchObject({
      responseFormat: "text",
      requiredCapabilities: ["vision"],
      metadata: { task: null, priority: "normal", latencyClass: null },
    });
  });
});
