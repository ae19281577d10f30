import { describe, expect, it } from "vitest";
import { compilePolicy, type RegistryModel } from "@/lib/router";
import { runDryRun, type DryRunSample } from "./dry-run";

function model(
  slug: string,
  tier: RegistryModel["tier"],
  input: number,
  output: number,
  latency: number,
): RegistryModel {
  return {
    slug,
    providerSlug: "sim",
    providerKind: "simulator",
    upstreamName: slug,
    contextWindow: 128_000,
    maxOutputTokens: 8_000,
    capabilities: ["tools", "json", "streaming"],
    tier,
    declaredLatencyMs: latency,
    tokenizer: null,
    enabled: true,
    inputPricePerMTok: input,
    outputPricePerMTok: output,
    cachedInputPricePerMTok: null,
  };
}

const models = new Map([
  ["small", model("small", "small", 0.1, 0.4, 500)],
  ["big", model("big", "large", 2, 8, 2000)],
]);
const route = { slug: "support", baselineModelSlug: "big", contentInspection: false };

function sample(
  id: string,
  task: string | null,
  finalModel: string | null,
  extra: Partial<DryRunSample> = {},
): DryRunSample {
  return {
    id,
    features: { estimatedInputTokens: 1000, maxOutputTokens: null, stream: false, task, tags: [] },
    tenantId: null,
    createdAt: new Date(Date.UTC(2026, 0, 1)),
    finalModel,
    firstModel: finalModel,
    status: finalModel ? "success" : "rejected",
    escalated: false,
    latencyMs: 1000,
    inputTokens: 1000,
    outputTokens: 500,
    cachedTokens: 0,
    costUsd: finalModel === "big" ? 0.006 : 0.0003,
    ...extra,
  };
}

const draft = compilePolicy(
  {
    schemaVersion: 1,
    rules: [
      {
        id: "faq",
        when: { type: "metadata", field: "task", equals: "faq" },
        then: { strategy: "single", model: "small" },
      },
    ],
    default: { strategy: "single", model: "big" },
  },
  { id: "draft", version: 0 },
);

describe("runDryRun", () => {
  it("counts model changes and projects cost and latency with the real engine", () => {
    const result = runDryRun({
      samples: [
        sample("1", "faq", "big"),
        sample("2", "faq", "small"),
        sample("3", "chat", "big"),
        sample("4", null, "big"),
      ],
      route,
      draft,
      models,
      chains: new Map(),
    });
    expect(result).toMatchObject({
      sampled: 4,
      replayed: 4,
      skipped: 0,
      changedModel: 1,
      newlyRejected: 0,
    });
    expect(result.transitions).toEqual([{ from: "big", to: "small", count: 1 }]);
    expect(result.ruleMatches).toEqual([
      { rule: "(default)", count: 2 },
      { rule: "faq", count: 2 },
    ]);
    expect(result.costBeforeUsd).toBeCloseTo(0.006 * 3 + 0.0003, 10);
    // Sample 1 moves to `small`: 1000 in * 0.1 + 500 out * 0.4 per million.
    expect(result.costAfterUsd).toBeCloseTo(0.006 * 2 + 0.0003 + 0.0003, 10);
    // Latency scales by declared latency (500 / 2000) for the moved sample.
    expect(result.meanLatencyBeforeMs).toBe(1000);
    expect(result.meanLatencyAfterMs).toBe((1000 * 3 + 250) / 4);
  });

  it("skips samples without features and is deterministic", () => {
    const samples = [sample("1", "faq", "big"), { ...sample("2", "x", "big"), features: {} }];
    const input = { samples, route, draft, models, chains: new Map() };
    const a = runDryRun(input);
    expect(a.skipped).toBe(1);
    expect(a.replayed).toBe(1);
    expect(runDryRun(input)).toEqual(a);
  });

  it("compares with the first attempted model (an escalated cascade is not a change) and skips rejections", () => {
    const escalated = sample("1", "faq", "big", { firstModel: "small", escalated: true });
    const result = runDryRun({
      samples: [escalated, sample("2", "faq", null)],
      route,
      draft,
      models,
      chains: new Map(),
    });
    expect(result).toMatchObject({
      replayed: 1,
      skipped: 1,
      changedModel: 0,
      escalationsBefore: 1,
      escalationsAfter: 1,
    });
  });

  it("counts requests the draft would reject", () => {
    const rejecting = compilePolicy(
      { schemaVersion: 1, rules: [], default: { strategy: "reject", message: "closed" } },
      { id: "d", version: 0 },
    );
    const result = runDryRun({
      samples: [sample("1", null, "big")],
      route,
      draft: rejecting,
      models,
      chains: new Map(),
    });
    expect(result.newlyRejected).toBe(1);
    expect(result.costAfterUsd).toBe(0);
  });

  it("uses an injected engine", () => {
    const result = runDryRun({
      samples: [sample("1", null, "big")],
      route,
      draft,
      models,
      chains: new Map(),
      decide: () => ({
        kind: "rejected",
        error: {
          code: "policy_rejected",
          message: "x",
          type: "invalid_request_error",
          httpStatus: 400,
        },
        trace: {
          requestedRoute: "support",
          usedRoute: "support",
          policyVersion: null,
          rules: [],
          matchedRule: null,
          strategy: null,
          strategyDetail: {},
          dropped: [],
          overrides: [],
        },
      }),
    });
    expect(result.newlyRejected).toBe(1);
  });
});
