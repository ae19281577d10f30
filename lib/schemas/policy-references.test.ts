import { describe, expect, it } from "vitest";
import { exampleChains, exampleModels, examplePolicies } from "@/tests/support/router/examples";
import { PolicyDocumentSchema, type PolicyDocumentInput } from "./policy";
import {
  checkPolicyReferences,
  formatPath,
  listPolicyReferences,
  type RegistryView,
} from "./policy-references";

const model = (slug: string, over: Partial<RegistryView["models"][number]> = {}) => ({
  slug,
  enabled: true,
  providerEnabled: true,
  tier: "small" as const,
  ...over,
});

const registry: RegistryView = {
  models: [
    model("small-a"),
    model("large-b", { tier: "large" }),
    model("off", { enabled: false, tier: "frontier" }),
    model("orphan", { providerEnabled: false }),
  ],
  chains: [
    { slug: "main", steps: [{ modelSlug: "small-a" }, { modelSlug: "large-b" }] },
    { slug: "stale", steps: [{ modelSlug: "small-a" }, { modelSlug: "off" }] },
  ],
};

const parse = (doc: PolicyDocumentInput) => PolicyDocumentSchema.parse(doc);
const when = { type: "metadata", field: "task", equals: "x" } as const;

const everyStrategy = parse({
  schemaVersion: 1,
  rules: [
    { id: "one", when, then: { strategy: "single", model: "a", fallbacks: ["b", "c"] } },
    { id: "chain", when, then: { strategy: "fallback", chain: "ch" } },
    {
      id: "steps",
      when,
      then: { strategy: "fallback", steps: [{ model: "d" }, { model: "e" }] },
    },
    {
      id: "cascade",
      when,
      then: {
        strategy: "cascade",
        stages: [
          { model: "f", gates: {} },
          { model: "g", gates: {} },
        ],
      },
    },
    {
      id: "split",
      when,
      then: {
        strategy: "weighted",
        variants: [
          { model: "h", weight: 1 },
          { model: "i", weight: 2 },
        ],
      },
    },
    {
      id: "band",
      when,
      then: { strategy: "score_band", bands: [{ upTo: 1, tier: "small" }] },
    },
    { id: "no", when, then: { strategy: "reject", message: "no" } },
  ],
  default: { strategy: "fallback", chain: "dflt" },
});

describe("policy references", () => {
  it("lists every model and chain with its JSON path, rules first, then the default", () => {
    expect(
      listPolicyReferences(everyStrategy).map((r) => [r.kind, r.slug, r.path, r.ruleId]),
    ).toEqual([
      ["model", "a", "rules[0].then.model", "one"],
      ["model", "b", "rules[0].then.fallbacks[0]", "one"],
      ["model", "c", "rules[0].then.fallbacks[1]", "one"],
      ["chain", "ch", "rules[1].then.chain", "chain"],
      ["model", "d", "rules[2].then.steps[0].model", "steps"],
      ["model", "e", "rules[2].then.steps[1].model", "steps"],
      ["model", "f", "rules[3].then.stages[0].model", "cascade"],
      ["model", "g", "rules[3].then.stages[1].model", "cascade"],
      ["model", "h", "rules[4].then.variants[0].model", "split"],
      ["model", "i", "rules[4].then.variants[1].model", "split"],
      ["chain", "dflt", "default.chain", null],
    ]);
    expect(listPolicyReferences(everyStrategy)[4]?.at).toEqual([
      "rules",
      2,
      "then",
      "steps",
      0,
      "model",
    ]);
  });

  it("formats paths as JSON-path text", () => {
    expect(formatPath([])).toBe("");
    expect(formatPath(["default", "chain"])).toBe("default.chain");
    expect(formatPath(["rules", 0, "then", "stages", 1, "model"])).toBe(
      "rules[0].then.stages[1].model",
    );
  });

  it("passes a policy whose references all exist and are enabled", () => {
    const doc = parse({
      schemaVersion: 1,
      rules: [{ id: "r", when, then: { strategy: "fallback", chain: "main" } }],
      default: { strategy: "single", model: "small-a", fallbacks: ["large-b"] },
    });
    expect(checkPolicyReferences(doc, registry)).toEqual({ errors: [], warnings: [] });
  });

  it("refuses unknown models and chains, naming the field", () => {
    const check = checkPolicyReferences(everyStrategy, registry);
    expect(check.errors.map((e) => e.path)).toEqual([
      "rules[0].then.model",
      "rules[0].then.fallbacks[0]",
      "rules[0].then.fallbacks[1]",
      "rules[1].then.chain",
      "rules[2].then.steps[0].model",
      "rules[2].then.steps[1].model",
      "rules[3].then.stages[0].model",
      "rules[3].then.stages[1].model",
      "rules[4].then.variants[0].model",
      "rules[4].then.variants[1].model",
      "default.chain",
    ]);
    expect(check.errors[0]?.message).toBe('Rule "one": no model named "a" in the registry.');
    expect(check.errors[10]?.message).toBe('Default action: no fallback chain named "dflt".');
  });

  it("warns on disabled models, disabled providers, chains through them and unreachable tiers", () => {
    const doc = parse({
      schemaVersion: 1,
      rules: [
        {
          id: "r",
          when,
          then: {
            strategy: "weighted",
            variants: [
              { model: "off", weight: 1 },
              { model: "orphan", weight: 1 },
            ],
          },
        },
        { id: "c", when, then: { strategy: "fallback", chain: "stale" } },
        { id: "t", when, then: { strategy: "cheapest", minTier: "frontier" } },
      ],
      default: { strategy: "score_band", bands: [{ upTo: 1, tier: "large" }] },
    });
    const check = checkPolicyReferences(doc, registry);
    expect(check.errors).toEqual([]);
    expect(check.warnings.map((w) => [w.path, w.message])).toEqual([
      ["rules[0].then.variants[0].model", 'Rule "r": model "off" is disabled; it will be skipped.'],
      [
        "rules[0].then.variants[1].model",
        'Rule "r": the provider of model "orphan" is disabled; it will be skipped.',
      ],
      ["rules[1].then.chain", 'Chain "stale": model "off" is disabled.'],
      ["rules[2].then.minTier", 'No enabled model of tier "frontier" or above.'],
    ]);
  });

  it("passes every example policy against the example registry", () => {
    const view: RegistryView = {
      models: exampleModels.map((m) => ({ ...m, providerEnabled: true })),
      chains: exampleChains,
    };
    for (const [name, doc] of Object.entries(examplePolicies))
      expect(checkPolicyReferences(parse(doc), view).errors, name).toEqual([]);
  });
});
