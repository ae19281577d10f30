import { describe, expect, it } from "vitest";
import { examplePolicies } from "@/tests/support/router/examples";
import { parsePolicyDocument, PolicyDocumentSchema } from "./policy";

const base = { schemaVersion: 1, rules: [], default: { strategy: "single", model: "m" } };

describe("policy document schema", () => {
  it("accepts every example policy and applies defaults", () => {
    for (const [name, doc] of Object.entries(examplePolicies)) {
      const result = parsePolicyDocument(doc);
      expect(result.ok, name).toBe(true);
    }
    const parsed = PolicyDocumentSchema.parse(base);
    expect(parsed.settings.allowLargerContext).toBe(true);
    expect(parsed.settings.defaultMoveOn).toContain("timeout");
  });

  it("round-trips through JSON unchanged", () => {
    for (const doc of Object.values(examplePolicies)) {
      const parsed = PolicyDocumentSchema.parse(doc);
      expect(PolicyDocumentSchema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
    }
  });

  it.each([
    ["nested quantifier", "(a+)+$", "nested quantifiers"],
    ["backreference", "(a)\\1", "backreferences"],
    ["quantified alternation", "(a|aa)*", "alternation"],
    ["invalid", "(", "invalid regular expression"],
  ])("points at the exact rule and field for a %s", (_name, pattern, message) => {
    const doc = {
      ...base,
      rules: [
        { id: "ok", when: { type: "tag", anyOf: ["x"] }, then: { strategy: "single", model: "m" } },
        {
          id: "bad-rule",
          when: {
            type: "all",
            conditions: [
              { type: "tag", anyOf: ["x"] },
              { type: "regex", pattern },
            ],
          },
          then: { strategy: "single", model: "m" },
        },
      ],
    };
    const result = parsePolicyDocument(doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.path).toBe("rules[1] (bad-rule).when.conditions[1].pattern");
    expect(result.issues[0]?.ruleId).toBe("bad-rule");
    expect(result.issues[0]?.message).toContain(message);
  });

  it.each([
    ["duplicate ids", { rules: [rule("a"), rule("a")] }, "rules[1] (a).id"],
    [
      "unknown condition",
      { rules: [{ ...rule("a"), when: { type: "nope" } }] },
      "rules[0] (a).when.type",
    ],
    [
      "metadata without value",
      { rules: [{ ...rule("a"), when: { type: "metadata", field: "task" } }] },
      "rules[0] (a).when",
    ],
    ["unknown field", { rules: [{ ...rule("a"), extra: 1 }] }, "rules[0] (a)"],
    [
      "cascade of one",
      { default: { strategy: "cascade", stages: [{ model: "m", gates: {} }] } },
      "default.stages",
    ],
    [
      "fallback with chain and steps",
      { default: { strategy: "fallback", chain: "c", steps: [{ model: "m" }] } },
      "default",
    ],
    [
      "unsorted bands",
      {
        default: {
          strategy: "score_band",
          bands: [
            { upTo: 1, tier: "small" },
            { upTo: 0.5, tier: "large" },
          ],
        },
      },
      "default",
    ],
    [
      "bad time",
      {
        rules: [
          {
            ...rule("a"),
            when: { type: "time_window", start: "25:00", end: "01:00", utcOffsetMinutes: 0 },
          },
        ],
      },
      "rules[0] (a).when.start",
    ],
  ])("rejects %s", (_name, patch, path) => {
    const result = parsePolicyDocument({ ...base, ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.path)).toContain(path);
  });
});

function rule(id: string) {
  return { id, when: { type: "tag", anyOf: ["x"] }, then: { strategy: "single", model: "m" } };
}
