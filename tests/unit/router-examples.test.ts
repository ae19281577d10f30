import { describe, expect, it } from "vitest";
import { PolicyDocumentSchema, type Action } from "@/lib/schemas/policy";
import { compilePolicy, decideRoute } from "@/lib/router";
import {
  buildTestFeatures,
  buildTestSnapshot,
  createTestContext,
} from "@/tests/support/router/testing";
import { exampleChains, exampleModels, examplePolicies } from "@/tests/support/router/examples";

function referencedModels(action: Action): string[] {
  switch (action.strategy) {
    case "single":
      return [action.model, ...(action.fallbacks ?? [])];
    case "fallback":
      return (action.steps ?? []).map((s) => s.model);
    case "cascade":
      return action.stages.map((s) => s.model);
    case "weighted":
      return action.variants.map((v) => v.model);
    default:
      return [];
  }
}

describe("example policies", () => {
  const slugs = new Set(exampleModels.map((m) => m.slug));
  const chains = new Set(exampleChains.map((c) => c.slug));

  it.each(Object.entries(examplePolicies))(
    "%s compiles and references known models",
    (_name, doc) => {
      const parsed = PolicyDocumentSchema.parse(doc);
      expect(compilePolicy(doc, { id: "x", version: 1 }).rules).toHaveLength(parsed.rules.length);
      for (const action of [parsed.default, ...parsed.rules.map((r) => r.then)]) {
        for (const slug of referencedModels(action)) expect(slugs).toContain(slug);
        if (action.strategy === "fallback" && action.chain) expect(chains).toContain(action.chain);
      }
    },
  );

  it.each([
    ["support", "I want to dispute a chargeback", {}, "disputes", "claude-sonnet"],
    ["support", "How do I reset my password?", { task: "faq" }, "faq", "gpt-4o-mini"],
    ["legal", "Review this NDA", { task: "legal" }, "legal-cascade", "gpt-4o-mini"],
    ["resilient", "hi", { latencyClass: "batch" }, "batch", "gpt-4.1-mini"],
    ["resilient", "hi", {}, null, "gpt-4o"],
    ["budget", "hi", {}, null, "gpt-4o"],
    ["interactive", "hi", { latencyClass: "interactive" }, "interactive", "sim-small"],
    ["agents", "hi", {}, null, "sim-small"],
  ])("%s routes %j", (route, text, metadata, rule, model) => {
    const snapshot = buildTestSnapshot({
      policy: examplePolicies[route]!,
      route: { contentInspection: true },
    });
    const decision = decideRoute(
      buildTestFeatures(text, {}, metadata),
      snapshot,
      createTestContext(),
    );
    expect(decision.trace.matchedRule).toBe(rule);
    expect(decision.kind === "routed" && decision.plan.steps[0]?.model).toBe(model);
  });

  it("budget-aware policy takes the cheapest model past 80% spend", () => {
    const snapshot = buildTestSnapshot({
      policy: examplePolicies.budget!,
      tenant: { budget: { state: "ok", fractionSpent: 0.85 } },
    });
    const decision = decideRoute(buildTestFeatures(), snapshot, createTestContext());
    expect(decision.trace.matchedRule).toBe("nearly-spent");
    expect(decision.kind === "routed" && decision.plan.steps[0]?.model).toBe("sim-small");
  });
});
