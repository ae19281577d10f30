/**
 * The dry run of an unchanged policy reports no change: a decision made with the gateway's
 * recorder (random draws, budget state, allowlist, open breakers, score, clock, keywords) replays
 * to the same first model. Without the recorded inputs the same replays drift.
 */
import { describe, expect, it } from "vitest";
import { createReplayRecorder } from "@/lib/gateway/replay-recorder";
import { summarizeFeatures } from "@/lib/gateway/summarize-features";
import {
  compilePolicy,
  decideRoute,
  extractFeatures,
  type ModelHealth,
  type RegistryModel,
  type TenantSnapshot,
} from "@/lib/router";
import { runDryRun, type DryRunSample } from "./dry-run";

function model(slug: string, tier: RegistryModel["tier"], price: number): RegistryModel {
  return {
    slug,
    providerSlug: "sim",
    providerKind: "simulator",
    upstreamName: slug,
    contextWindow: 128_000,
    maxOutputTokens: 8_000,
    capabilities: ["tools", "json", "streaming"],
    tier,
    declaredLatencyMs: 500,
    tokenizer: null,
    enabled: true,
    inputPricePerMTok: price,
    outputPricePerMTok: price * 4,
    cachedInputPricePerMTok: null,
  };
}

const models = new Map([
  ["s", model("s", "small", 0.1)],
  ["m", model("m", "medium", 1)],
  ["l", model("l", "large", 3)],
]);
const route = { slug: "r", baselineModelSlug: "l", contentInspection: true };
const DAY = 86_400_000;

const POLICIES = {
  split: {
    default: {
      strategy: "weighted",
      variants: [
        { model: "s", weight: 50 },
        { model: "m", weight: 50 },
      ],
    },
  },
  softBudget: { default: { strategy: "single", model: "l", fallbacks: ["m"] } },
  breaker: { default: { strategy: "single", model: "l", fallbacks: ["m", "s"] } },
  scoreBand: {
    default: {
      strategy: "score_band",
      bands: [
        { upTo: 0.3, tier: "small" },
        { upTo: 0.6, tier: "medium" },
        { upTo: 1, tier: "large" },
      ],
    },
  },
  learned: {
    default: {
      strategy: "score_band",
      scorer: { kind: "learned", version: 2 },
      bands: [
        { upTo: 0.5, tier: "small" },
        { upTo: 1, tier: "large" },
      ],
    },
  },
  clockAndKeywords: {
    rules: [
      {
        id: "nights",
        when: { type: "time_window", start: "00:00", end: "06:00", utcOffsetMinutes: 0 },
        then: { strategy: "single", model: "s" },
      },
      {
        id: "secret",
        when: { type: "keywords", anyOf: ["privileged"] },
        then: { strategy: "single", model: "l" },
      },
    ],
    default: { strategy: "single", model: "m" },
  },
  allowlist: { default: { strategy: "single", model: "l", fallbacks: ["m", "s"] } },
} as const;

/** Decides `n` varied requests the way the gateway does and returns them as logged samples. */
function liveSamples(name: keyof typeof POLICIES, n: number): DryRunSample[] {
  const policy = compilePolicy(
    { schemaVersion: 1, rules: [], ...POLICIES[name] },
    {
      id: "p",
      version: 1,
    },
  );
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2_147_483_647) - 1) / 2_147_483_646;
  const out: DryRunSample[] = [];
  for (let i = 0; i < n; i++) {
    const at = Date.UTC(2026, 0, 1) + Math.floor(random() * DAY);
    const text = `${"word ".repeat(Math.floor(random() * 3000))}${i % 3 === 0 ? "privileged" : ""}`;
    const features = extractFeatures(
      { model: "r", messages: [{ role: "user", content: text }] },
      { task: i % 2 === 0 ? "analysis" : null },
    );
    const tenant: TenantSnapshot = {
      id: "t",
      modelAllowlist: name === "allowlist" ? ["m", "s"] : [],
      budget:
        name === "softBudget"
          ? { state: "soft", fractionSpent: 0.9 }
          : { state: "ok", fractionSpent: 0 },
    };
    const open: ModelHealth = {
      breaker: "open",
      p50LatencyMs: null,
      p95LatencyMs: null,
      errorRate: 1,
    };
    const health = new Map(name === "breaker" && i % 2 === 0 ? [["l", open]] : []);
    const recorder = createReplayRecorder({ now: () => at, random });
    const snapshot = {
      models,
      chains: new Map(),
      tenant,
      health,
      // A learned scorer's value cannot be recomputed from the stored features.
      route: { route, policy, scorers: new Map([[2, { name: "learned-v2", score: random }]]) },
      rollback: { enabled: false, routeSlug: null, target: null },
    };
    const decision = decideRoute(features, snapshot, recorder.context);
    const replay = recorder.finish(decision, tenant, health, features, policy, true);
    const first = decision.kind === "routed" ? (decision.plan.steps[0]?.model ?? null) : null;
    out.push({
      id: String(i),
      features: summarizeFeatures(features, replay),
      tenantId: "t",
      createdAt: new Date(at - 5),
      finalModel: first,
      firstModel: first,
      status: first ? "success" : "rejected",
      escalated: false,
      latencyMs: 100,
      inputTokens: features.estimatedInputTokens,
      outputTokens: 100,
      cachedTokens: 0,
      costUsd: 0.001,
    });
  }
  return out;
}

function dryRun(name: keyof typeof POLICIES, samples: DryRunSample[]) {
  const draft = compilePolicy(
    { schemaVersion: 1, rules: [], ...POLICIES[name] },
    {
      id: "draft",
      version: 0,
    },
  );
  return runDryRun({ samples, route, draft, models, chains: new Map() });
}

function withoutReplay(samples: DryRunSample[]): DryRunSample[] {
  return samples.map((s) => {
    const { replay: _r, ...features } = s.features as Record<string, unknown>;
    return { ...s, features };
  });
}

describe("dry run of the unchanged policy", () => {
  for (const name of Object.keys(POLICIES) as (keyof typeof POLICIES)[]) {
    it(`reports no change for ${name}`, () => {
      const samples = liveSamples(name, 60);
      const result = dryRun(name, samples);
      expect(result.replayed).toBe(60);
      expect(result).toMatchObject({ changedModel: 0, newlyRejected: 0 });
      expect(result.costAfterUsd).toBeCloseTo(result.costBeforeUsd, 12);
      // What the recorded inputs fix: replayed without them, the same decisions drift (a score
      // band alone does not: the heuristic recomputes the same score from the stored features).
      const drift = dryRun(name, withoutReplay(samples)).changedModel;
      if (name !== "scoreBand") expect(drift).toBeGreaterThan(0);
    });
  }

  it("still shows the changes of a changed policy", () => {
    const samples = liveSamples("split", 40);
    const draft = compilePolicy(
      { schemaVersion: 1, rules: [], default: { strategy: "single", model: "l" } },
      { id: "draft", version: 0 },
    );
    const result = runDryRun({ samples, route, draft, models, chains: new Map() });
    expect(result.changedModel).toBe(40);
  });
});
