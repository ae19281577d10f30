import { describe, expect, it } from "vitest";
import { PolicyDocumentSchema } from "./policy";
import {
  checkPolicyReferences,
  listScorerReferences,
  type RegistryView,
} from "./policy-references";

/** Learned scorer versions named by score-band actions (issue 15): they must exist on the route. */
const bands = [{ upTo: 1, tier: "small" as const }];
const doc = PolicyDocumentSchema.parse({
  schemaVersion: 1,
  rules: [
    {
      id: "hard",
      when: { type: "metadata", field: "task", equals: "x" },
      then: { strategy: "score_band", bands, scorer: { kind: "learned", version: 2 } },
    },
  ],
  default: { strategy: "score_band", bands, scorer: { kind: "learned", version: 5 } },
});
const registry: RegistryView = {
  models: [{ slug: "s", enabled: true, providerEnabled: true, tier: "small" }],
  chains: [],
};

describe("scorer references", () => {
  it("lists the versions with their paths", () => {
    expect(listScorerReferences(doc).map((r) => [r.version, r.at.join(".")])).toEqual([
      [2, "rules.0.then.scorer.version"],
      [5, "default.scorer.version"],
    ]);
  });

  it("refuses versions the route does not have", () => {
    const route = { scorerVersions: [2], contentInspection: true };
    const check = checkPolicyReferences(doc, { ...registry, route });
    expect(check.errors).toEqual([
      {
        at: ["default", "scorer", "version"],
        path: "default.scorer.version",
        message: "Default action: no learned scorer version 5 on this route.",
      },
    ]);
  });

  it("refuses a learned scorer on a route without content inspection, and any on a new route", () => {
    const off = { scorerVersions: [2, 5], contentInspection: false };
    const check = checkPolicyReferences(doc, { ...registry, route: off });
    expect(check.errors.map((e) => e.message)).toEqual([
      'Rule "hard": learned scorer version 2 reads prompt text; turn on content inspection for the route first.',
      "Default action: learned scorer version 5 reads prompt text; turn on content inspection for the route first.",
    ]);
    expect(checkPolicyReferences(doc, registry).errors).toHaveLength(2);
    const ok = { scorerVersions: [2, 5], contentInspection: true };
    expect(checkPolicyReferences(doc, { ...registry, route: ok }).errors).toEqual([]);
  });

  it("refuses a malformed scorer reference in the document", () => {
    const bad = PolicyDocumentSchema.safeParse({
      schemaVersion: 1,
      rules: [],
      default: { strategy: "score_band", bands, scorer: { kind: "learned", version: 0 } },
    });
    expect(bad.success).toBe(false);
  });
});
