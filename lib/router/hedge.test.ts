import { describe, expect, it } from "vitest";
import { parsePolicyDocument, type PolicyDocumentInput } from "@/lib/schemas/policy";
import { decideRoute } from "./decide";
import {
  buildTestFeatures,
  buildTestSnapshot,
  createTestContext,
} from "@/tests/support/router/testing";
import type { RoutingDecision } from "./decision-types";

const ctx = createTestContext();

function decide(policy: PolicyDocumentInput, tags: string[] = []): RoutingDecision {
  const features = buildTestFeatures("hello", {}, { tags });
  return decideRoute(features, buildTestSnapshot({ policy }), ctx);
}

function hedgeOf(decision: RoutingDecision): number | null | undefined {
  return decision.kind === "routed" ? decision.plan.hedgeAfterMs : undefined;
}

const pair = { strategy: "single" as const, model: "gpt-4o", fallbacks: ["claude-sonnet"] };

describe("policy hedge delay", () => {
  it("leaves the plan without one (the gateway's default) when the policy says nothing", () => {
    const decision = decide({ schemaVersion: 1, rules: [], default: pair });
    expect(decision.kind).toBe("routed");
    expect(decision.kind === "routed" && "hedgeAfterMs" in decision.plan).toBe(false);
    expect(decision.trace.hedge).toBeUndefined();
  });

  it.each([
    ["the policy settings", { hedgeAfterMs: 400 }, {}, 400, "policy settings"],
    ["the default action", {}, { hedgeAfterMs: 250 }, 250, "default action"],
    [
      "the action over the settings",
      { hedgeAfterMs: 400 },
      { hedgeAfterMs: 250 },
      250,
      "default action",
    ],
    [
      "an action's null (off) over the settings",
      { hedgeAfterMs: 400 },
      { hedgeAfterMs: null },
      null,
      "default action",
    ],
    ["the settings' null (off)", { hedgeAfterMs: null }, {}, null, "policy settings"],
  ])("takes it from %s", (_name, settings, action, expected, source) => {
    const decision = decide({
      schemaVersion: 1,
      settings,
      rules: [],
      default: { ...pair, ...action },
    });
    expect(hedgeOf(decision)).toBe(expected);
    expect(decision.trace.hedge).toEqual({ afterMs: expected, source });
  });

  it("a matched rule's action decides; other requests keep the default's", () => {
    const policy: PolicyDocumentInput = {
      schemaVersion: 1,
      settings: { hedgeAfterMs: 2000 },
      rules: [
        {
          id: "urgent",
          when: { type: "tag", anyOf: ["urgent"] },
          then: { ...pair, hedgeAfterMs: 100 },
        },
      ],
      default: pair,
    };
    const urgent = decide(policy, ["urgent"]);
    expect(hedgeOf(urgent)).toBe(100);
    expect(urgent.trace.hedge).toEqual({ afterMs: 100, source: "rule urgent" });
    const other = decide(policy);
    expect(hedgeOf(other)).toBe(2000);
    expect(other.trace.hedge?.source).toBe("policy settings");
  });

  it("explains when the delay cannot apply (one step)", () => {
    const decision = decide({
      schemaVersion: 1,
      rules: [],
      default: { strategy: "single", model: "gpt-4o", hedgeAfterMs: 300 },
    });
    expect(hedgeOf(decision)).toBe(300);
    expect(decision.trace.hedge?.note).toMatch(/one step/);
  });

  it.each([0, 5, -1, 1.5, 600_001, "300"])("refuses %s as a hedge delay", (value) => {
    const result = parsePolicyDocument({
      schemaVersion: 1,
      rules: [],
      default: { ...pair, hedgeAfterMs: value },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues[0]?.path).toBe("default.hedgeAfterMs");
      expect(result.issues[0]?.message).toMatch(/hedge delay/);
    }
  });

  it("is not accepted on cascades (gated stages are never hedged) nor rejections", () => {
    const stages = [
      { model: "gpt-4o-mini", gates: { nonEmpty: true } },
      { model: "gpt-4o", gates: {} },
    ];
    for (const action of [
      { strategy: "cascade", stages, hedgeAfterMs: 300 },
      { strategy: "reject", message: "no", hedgeAfterMs: 300 },
    ]) {
      expect(parsePolicyDocument({ schemaVersion: 1, rules: [], default: action }).ok).toBe(false);
    }
  });
});
