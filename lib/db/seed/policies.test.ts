import { describe, expect, it } from "vitest";
import { compilePolicy } from "@/lib/router";
import { parsePolicyDocument, type PolicyDocument } from "@/lib/schemas/policy";
import { CATALOG_MODELS } from "./catalog";
import { createSeedNames } from "./names";
import { buildPolicyVersions } from "./policies";
import { SEED_CHAINS } from "./chains";
import { SEED_ROUTES } from "./routes";

/** Every model slug and chain slug a document names. */
function references(doc: PolicyDocument): { models: string[]; chains: string[] } {
  const models: string[] = [];
  const chains: string[] = [];
  for (const action of [...doc.rules.map((r) => r.then), doc.default]) {
    if (action.strategy === "single") models.push(action.model, ...(action.fallbacks ?? []));
    if (action.strategy === "fallback") {
      if (action.chain) chains.push(action.chain);
      models.push(...(action.steps ?? []).map((s) => s.model));
    }
    if (action.strategy === "cascade") models.push(...action.stages.map((s) => s.model));
    if (action.strategy === "weighted") models.push(...action.variants.map((v) => v.model));
  }
  return { models, chains };
}

describe("seed policies", () => {
  const names = createSeedNames("ns");
  const models = new Set(CATALOG_MODELS.map((m) => names.slug(m.key)));
  const chains = new Set(SEED_CHAINS.map((c) => names.slug(c.key)));
  const strategies = new Set<string>();

  it.each(SEED_ROUTES.map((r) => r.key))("route %s has valid, compilable versions", (key) => {
    const versions = buildPolicyVersions(key, names);
    expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
    for (const v of versions) {
      const parsed = parsePolicyDocument(v.document);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      compilePolicy(v.document, { id: "x", version: v.version });
      const refs = references(parsed.policy);
      for (const m of refs.models) expect(models).toContain(m);
      for (const c of refs.chains) expect(chains).toContain(c);
      for (const action of [...parsed.policy.rules.map((r) => r.then), parsed.policy.default])
        strategies.add(action.strategy);
    }
    const route = SEED_ROUTES.find((r) => r.key === key);
    const ruleIds = new Set(versions.at(-1)?.document.rules.map((r) => r.id));
    for (const plan of route?.plans ?? [])
      if (plan.rule !== null) expect(ruleIds).toContain(plan.rule);
  });

  it("exercises every routing strategy but reject", () => {
    for (const key of SEED_ROUTES.map((r) => r.key))
      for (const v of buildPolicyVersions(key, names)) {
        const parsed = parsePolicyDocument(v.document);
        if (parsed.ok)
          for (const a of [...parsed.policy.rules.map((r) => r.then), parsed.policy.default])
            strategies.add(a.strategy);
      }
    expect([...strategies].sort()).toEqual(
      ["cascade", "cheapest", "fallback", "latency_sla", "score_band", "single", "weighted"].sort(),
    );
  });

  it("has 8+ routable models with prices and a disabled twin for each", () => {
    expect(CATALOG_MODELS.length).toBeGreaterThanOrEqual(8);
    for (const m of CATALOG_MODELS) {
      expect(Number(m.inputPrice)).toBeGreaterThan(0);
      expect(Number(m.outputPrice)).toBeGreaterThan(Number(m.inputPrice));
      expect(m.contextWindow).toBeGreaterThanOrEqual(128_000);
    }
  });
});
