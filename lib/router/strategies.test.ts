import { describe, expect, it } from "vitest";
import type { Action, PolicyDocumentInput } from "@/lib/schemas/policy";
import { decideRoute } from "./decide";
import { examplePolicies } from "@/tests/support/router/examples";
import type { RoutingDecision } from "./decision-types";
import type { DifficultyScorer } from "./types";
import {
  buildTestFeatures,
  buildTestSnapshot,
  createTestContext,
} from "@/tests/support/router/testing";

function policyWith(
  action: Action,
  settings: PolicyDocumentInput["settings"] = {},
): PolicyDocumentInput {
  return { schemaVersion: 1, settings, rules: [], default: action };
}

function planModels(decision: RoutingDecision): string[] {
  return decision.kind === "routed" ? decision.plan.steps.map((s) => s.model) : [];
}

describe("strategies", () => {
  it("single: model then fallbacks, with per-step timeout and retries", () => {
    const snapshot = buildTestSnapshot({
      policy: policyWith({
        strategy: "single",
        model: "gpt-4o",
        timeoutMs: 5000,
        maxRetries: 2,
        fallbacks: ["claude-sonnet"],
      }),
    });
    const decision = decideRoute(buildTestFeatures(), snapshot, createTestContext());
    expect(planModels(decision)).toEqual(["gpt-4o", "claude-sonnet"]);
    if (decision.kind !== "routed") return;
    expect(decision.plan.steps[0]).toMatchObject({
      provider: "openai",
      timeoutMs: 5000,
      maxRetries: 2,
      gates: null,
    });
    expect(decision.plan.steps[0]?.moveOnErrors).toContain("rate_limited");
    expect(decision.baselineModel).toBe("gpt-4o");
  });

  it("fallback: a named chain carries its triggers, timeouts and deadline", () => {
    const snapshot = buildTestSnapshot({
      policy: policyWith({ strategy: "fallback", chain: "openai-then-anthropic" }),
    });
    const decision = decideRoute(buildTestFeatures(), snapshot, createTestContext());
    expect(planModels(decision)).toEqual(["gpt-4o", "claude-sonnet", "gpt-4o-mini"]);
    if (decision.kind !== "routed") return;
    expect(decision.plan.deadlineMs).toBe(60_000);
    expect(decision.plan.steps[0]).toMatchObject({ timeoutMs: 20_000, maxRetries: 1 });
    expect(decision.plan.steps[1]?.moveOnErrors).not.toContain("auth");
    expect(decision.trace.strategyDetail.chain).toBe("openai-then-anthropic");
  });

  it("fallback: inline steps and an unknown chain", () => {
    const inline = buildTestSnapshot({
      policy: policyWith({
        strategy: "fallback",
        steps: [{ model: "claude-haiku" }, { model: "gpt-4o-mini" }],
        triggers: ["timeout"],
      }),
    });
    const decision = decideRoute(buildTestFeatures(), inline, createTestContext());
    expect(planModels(decision)).toEqual(["claude-haiku", "gpt-4o-mini"]);
    if (decision.kind === "routed")
      expect(decision.plan.steps[0]?.moveOnErrors).toEqual(["timeout"]);
    const missing = buildTestSnapshot({
      policy: policyWith({ strategy: "fallback", chain: "nope" }),
    });
    const rejected = decideRoute(buildTestFeatures(), missing, createTestContext());
    expect(rejected.kind).toBe("rejected");
    expect(rejected.trace.strategyDetail).toEqual({ missingChain: "nope" });
  });

  it("cascade: stages carry gates; the request schema is attached when schema gating is on", () => {
    const snapshot = buildTestSnapshot({ policy: examplePolicies.extraction! });
    const schema = { type: "object", properties: { name: { type: "string" } }, required: ["name"] };
    const features = buildTestFeatures("extract", {
      response_format: { type: "json_schema", json_schema: { name: "x", schema } },
    });
    const decision = decideRoute(features, snapshot, createTestContext());
    expect(decision.trace.matchedRule).toBe("schema-extraction");
    expect(planModels(decision)).toEqual(["gpt-4o-mini", "gpt-4o"]);
    if (decision.kind !== "routed") return;
    expect(decision.plan.strategy).toBe("cascade");
    expect(decision.plan.steps[0]?.gates).toMatchObject({ json: true, jsonSchema: true, schema });
  });

  it("weighted: sticky per end user, spread by weight, random without an end user", () => {
    const snapshot = buildTestSnapshot({ policy: examplePolicies.canary! });
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const features = buildTestFeatures("hi", {}, { endUserId: `user-${i}` });
      const first = planModels(decideRoute(features, snapshot, createTestContext(i)))[0] ?? "";
      const again = planModels(decideRoute(features, snapshot, createTestContext(i + 99)))[0];
      expect(again).toBe(first);
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    expect(counts.get("claude-sonnet")).toBeGreaterThan(120);
    expect(counts.get("claude-sonnet")).toBeLessThan(300);
    const anonymous = decideRoute(buildTestFeatures(), snapshot, createTestContext(5));
    expect(anonymous.trace.strategyDetail.sticky).toBe(false);
  });

  it("weighted: a dropped variant leaves the others", () => {
    const snapshot = buildTestSnapshot({
      policy: examplePolicies.canary!,
      health: { "gpt-4o": { breaker: "open" } },
    });
    const decision = decideRoute(
      buildTestFeatures("hi", {}, { endUserId: "u" }),
      snapshot,
      createTestContext(),
    );
    expect(planModels(decision)).toEqual(["claude-sonnet"]);
  });

  it.each([
    [0.1, "sim-small"],
    [0.5, "gpt-4.1-mini"],
    [0.9, "gpt-4o"],
  ])("score band: score %s picks %s", (score, model) => {
    const scorer: DifficultyScorer = { name: "fixed", score: () => score };
    const snapshot = buildTestSnapshot({ policy: examplePolicies.auto! });
    const decision = decideRoute(buildTestFeatures(), snapshot, { ...createTestContext(), scorer });
    expect(planModels(decision)[0]).toBe(model);
    expect(decision.trace.strategyDetail).toMatchObject({ score, scorer: "fixed" });
  });

  it("score band: the heuristic scores hard tasks higher", () => {
    const snapshot = buildTestSnapshot({ policy: examplePolicies.auto! });
    const easy = decideRoute(
      buildTestFeatures("hi", {}, { task: "faq" }),
      snapshot,
      createTestContext(),
    );
    const hard = decideRoute(
      buildTestFeatures("word ".repeat(3000), {}, { task: "legal" }),
      snapshot,
      createTestContext(),
    );
    expect(Number(hard.trace.strategyDetail.score)).toBeGreaterThan(
      Number(easy.trace.strategyDetail.score),
    );
    expect(planModels(easy)[0]).toBe("sim-small");
  });

  it("latency SLA: observed p95 wins over declared latency", () => {
    const snapshot = buildTestSnapshot({
      policy: policyWith({ strategy: "latency_sla", p95Ms: 1000 }),
      health: { "sim-small": { p95LatencyMs: 4000 } },
    });
    const decision = decideRoute(buildTestFeatures(), snapshot, createTestContext());
    expect(planModels(decision)).toEqual(["gpt-4o-mini", "gpt-4.1-mini"]);
    expect(decision.trace.dropped).toContainEqual({
      model: "sim-small",
      reason: "over_latency_sla",
      detail: "p95 4000 ms",
    });
    expect(decision.trace.dropped.map((d) => d.model)).toContain("o3");
  });

  it("cheapest: capabilities and minimum tier", () => {
    const snapshot = buildTestSnapshot({
      policy: policyWith({ strategy: "cheapest", capabilities: ["reasoning"], minTier: "large" }),
    });
    const decision = decideRoute(buildTestFeatures(), snapshot, createTestContext());
    expect(planModels(decision)).toEqual(["o3", "claude-sonnet"]);
  });

  it("cheapest: pool fallbacks follow the setting", () => {
    const snapshot = buildTestSnapshot({
      policy: policyWith({ strategy: "cheapest" }, { poolFallbacks: 0 }),
    });
    expect(planModels(decideRoute(buildTestFeatures(), snapshot, createTestContext()))).toEqual([
      "sim-small",
    ]);
  });

  it("reject: answers policy_rejected", () => {
    const snapshot = buildTestSnapshot({
      policy: policyWith({ strategy: "reject", message: "Not here." }),
    });
    const decision = decideRoute(buildTestFeatures(), snapshot, createTestContext());
    expect(decision.kind === "rejected" && decision.error).toMatchObject({
      code: "policy_rejected",
      httpStatus: 403,
    });
  });
});
