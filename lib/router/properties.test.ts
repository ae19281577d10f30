import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Action, Condition, PolicyDocumentInput } from "@/lib/schemas/policy";
import { decideRoute } from "./decide";
import { exampleChains } from "@/tests/support/router/examples";
import {
  buildTestFeatures,
  buildTestSnapshot,
  createTestContext,
} from "@/tests/support/router/testing";
import { ESTIMATE_MARGIN } from "@/lib/tokens";
import type { RoutingSnapshot } from "./snapshot-types";
import type { RegistryModel } from "./types";
import type { Capability } from "@/lib/vocabulary";

const SLUGS = ["m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7"];
const CAPS: Capability[] = ["tools", "vision", "json", "json_schema", "streaming", "reasoning"];
const TIERS = ["small", "medium", "large", "frontier"] as const;

const modelArb = (slug: string): fc.Arbitrary<RegistryModel> =>
  fc.record({
    slug: fc.constant(slug),
    providerSlug: fc.constantFrom("a", "b"),
    providerKind: fc.constant("simulator" as const),
    upstreamName: fc.constant(slug),
    inputPricePerMTok: fc.double({ min: 0, max: 20, noNaN: true }),
    outputPricePerMTok: fc.double({ min: 0, max: 80, noNaN: true }),
    cachedInputPricePerMTok: fc.constant(null),
    contextWindow: fc.integer({ min: 500, max: 200_000 }),
    maxOutputTokens: fc.integer({ min: 100, max: 32_000 }),
    capabilities: fc.subarray(CAPS),
    tier: fc.constantFrom(...TIERS),
    declaredLatencyMs: fc.integer({ min: 10, max: 5000 }),
    tokenizer: fc.constant(null),
    enabled: fc.integer({ min: 0, max: 4 }).map((n) => n !== 0),
  });

const slugArb = fc.constantFrom(...SLUGS, "ghost");
const leafArb: fc.Arbitrary<Condition> = fc.oneof<fc.Arbitrary<Condition>[]>(
  fc.record({
    type: fc.constant("tag" as const),
    anyOf: fc.subarray(["a", "b", "c"], { minLength: 1 }),
  }),
  fc.record({
    type: fc.constant("metadata" as const),
    field: fc.constant("task" as const),
    equals: fc.constantFrom("faq", "legal"),
  }),
  fc.record({
    type: fc.constant("numeric" as const),
    field: fc.constantFrom("inputTokens" as const, "totalTokens" as const),
    op: fc.constantFrom("lt" as const, "gt" as const),
    value: fc.integer({ min: 0, max: 20_000 }),
  }),
  fc.record({ type: fc.constant("keywords" as const), anyOf: fc.constant<string[]>(["refund"]) }),
);
const conditionArb: fc.Arbitrary<Condition> = fc.oneof<fc.Arbitrary<Condition>[]>(
  leafArb,
  fc.record({
    type: fc.constant("any" as const),
    conditions: fc.array(leafArb, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ type: fc.constant("not" as const), condition: leafArb }),
);
const actionArb: fc.Arbitrary<Action> = fc.oneof<fc.Arbitrary<Action>[]>(
  fc.record({
    strategy: fc.constant("single" as const),
    model: slugArb,
    fallbacks: fc.array(slugArb, { maxLength: 3 }),
  }),
  fc.record({
    strategy: fc.constant("fallback" as const),
    steps: fc.array(
      slugArb.map((model) => ({ model })),
      { minLength: 1, maxLength: 4 },
    ),
  }),
  fc.record({
    strategy: fc.constant("fallback" as const),
    chain: fc.constant(exampleChains[0]!.slug),
  }),
  fc.record({
    strategy: fc.constant("cascade" as const),
    stages: fc.array(
      slugArb.map((model) => ({ model, gates: { nonEmpty: true } })),
      { minLength: 2, maxLength: 3 },
    ),
  }),
  fc.record({
    strategy: fc.constant("weighted" as const),
    variants: fc.array(fc.record({ model: slugArb, weight: fc.integer({ min: 1, max: 10 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  fc.record({
    strategy: fc.constant("score_band" as const),
    bands: fc.constant<{ upTo: number; tier: (typeof TIERS)[number] }[]>([
      { upTo: 0.5, tier: "small" as const },
      { upTo: 1, tier: "large" as const },
    ]),
  }),
  fc.record({
    strategy: fc.constant("latency_sla" as const),
    p95Ms: fc.integer({ min: 10, max: 5000 }),
  }),
  fc.record({ strategy: fc.constant("cheapest" as const), minTier: fc.constantFrom(...TIERS) }),
);
const policyArb: fc.Arbitrary<PolicyDocumentInput> = fc.record({
  schemaVersion: fc.constant(1 as const),
  settings: fc.record({
    allowLargerContext: fc.boolean(),
    poolFallbacks: fc.integer({ min: 0, max: 3 }),
  }),
  rules: fc
    .array(fc.record({ when: conditionArb, then: actionArb }), { maxLength: 6 })
    .map((rules) => rules.map((rule, i) => ({ id: `r${i}`, ...rule }))),
  default: actionArb,
});

const scenarioArb = fc.record({
  models: fc.tuple(...SLUGS.map(modelArb)),
  breakers: fc.array(fc.constantFrom("closed" as const, "half_open" as const, "open" as const), {
    minLength: 8,
    maxLength: 8,
  }),
  allowlist: fc.oneof(fc.constant([] as string[]), fc.subarray(SLUGS)),
  budget: fc.constantFrom("ok" as const, "soft" as const, "hard" as const),
  policy: policyArb,
  words: fc.integer({ min: 0, max: 6000 }),
  maxTokens: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }),
  tools: fc.boolean(),
  stream: fc.boolean(),
  tags: fc.subarray(["a", "b", "c"]),
  endUser: fc.option(fc.constantFrom<string>("u1", "u2", "u3"), { nil: undefined }),
  seed: fc.integer(),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function setUp(s: Scenario) {
  const health: Record<string, { breaker: "closed" | "half_open" | "open" }> = {};
  SLUGS.forEach((slug, i) => (health[slug] = { breaker: s.breakers[i] ?? "closed" }));
  const snapshot: RoutingSnapshot = buildTestSnapshot({
    policy: s.policy,
    models: s.models,
    health,
    route: { contentInspection: true },
    tenant: { modelAllowlist: s.allowlist, budget: { state: s.budget, fractionSpent: 0.9 } },
  });
  const features = buildTestFeatures(
    "refund word ".repeat(s.words),
    {
      max_tokens: s.maxTokens,
      stream: s.stream,
      tools: s.tools ? [{ type: "function", function: { name: "f" } }] : undefined,
    },
    { tags: s.tags, endUserId: s.endUser },
  );
  return { snapshot, features };
}

describe("routing invariants", () => {
  it("no plan holds a disabled, too-small, non-allowlisted, open-breaker or incapable model", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { snapshot, features } = setUp(s);
        const decision = decideRoute(features, snapshot, createTestContext(s.seed));
        if (decision.kind === "rejected") return;
        expect(decision.plan.steps.length).toBeGreaterThan(0);
        const input = Math.ceil(features.estimatedInputTokens * (1 + ESTIMATE_MARGIN));
        for (const step of decision.plan.steps) {
          const model = snapshot.models.get(step.model);
          expect(model).toBeDefined();
          if (!model) return;
          expect(model.enabled).toBe(true);
          const output = features.maxOutputTokens ?? Math.min(1024, model.maxOutputTokens);
          expect(input + output).toBeLessThanOrEqual(model.contextWindow);
          if (s.allowlist.length > 0) expect(s.allowlist).toContain(step.model);
          expect(snapshot.health.get(step.model)?.breaker).not.toBe("open");
          for (const cap of features.requiredCapabilities)
            expect(model.capabilities).toContain(cap);
        }
        expect(s.budget).not.toBe("hard");
      }),
      { numRuns: 400 },
    );
  });

  it("same input, snapshot and seed give the same decision", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const first = setUp(s);
        const second = setUp(s);
        const a = decideRoute(first.features, first.snapshot, createTestContext(s.seed));
        const b = decideRoute(second.features, second.snapshot, createTestContext(s.seed));
        expect(a).toEqual(b);
      }),
      { numRuns: 200 },
    );
  });

  it("weighted split is sticky per end user whatever the seed", () => {
    const weighted = fc.record({
      strategy: fc.constant("weighted" as const),
      variants: fc.array(fc.record({ model: slugArb, weight: fc.integer({ min: 1, max: 10 }) }), {
        minLength: 2,
        maxLength: 4,
      }),
    });
    fc.assert(
      fc.property(
        scenarioArb,
        weighted,
        fc.integer(),
        fc.string({ minLength: 1 }),
        (s, action, otherSeed, user) => {
          const { snapshot, features } = setUp({
            ...s,
            budget: "ok",
            policy: { schemaVersion: 1, rules: [], default: action },
            endUser: user,
          });
          const a = decideRoute(features, snapshot, createTestContext(s.seed));
          const b = decideRoute(features, snapshot, createTestContext(otherSeed));
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 200 },
    );
  });
});
