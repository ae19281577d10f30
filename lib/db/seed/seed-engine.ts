/**
 * The real routing engine for the demo history: each synthetic request is decided by
 * `decideRoute` with the seed's compiled policy versions over the seed registry, so the models a
 * historic decision tried are the ones the engine picks, and the console's dry run of an unchanged
 * policy replays every seeded decision to the same model. The inputs it read besides the features
 * are recorded as the gateway records them (`ReplayInputs`).
 */
import type { FeaturesSummary } from "@/lib/decision-log/features-summary";
import type { ReplayInputs } from "@/lib/decision-log/replay-inputs";
import {
  compilePolicy,
  type CompiledPolicy,
  type ContentAccessor,
  decideRoute,
  type FallbackChain,
  heuristicScorer,
  type RegistryModel,
  type RouteInfo,
  type RoutingDecision,
  type TenantSnapshot,
} from "@/lib/router";
import { buildRegistry } from "../registry";
import { CATALOG_MODELS } from "./catalog";
import { SEED_CHAINS } from "./chains";
import type { SeedNames } from "./names";
import { buildPolicyVersions } from "./policies";

/** The registry the seed writes, as the gateway maps it (simulated models; twins never route). */
export interface SeedRegistry {
  models: ReadonlyMap<string, RegistryModel>;
  chains: ReadonlyMap<string, FallbackChain>;
}

export function buildSeedRegistry(names: SeedNames): SeedRegistry {
  const families = [...new Set(CATALOG_MODELS.map((m) => m.family))];
  const { models, chains } = buildRegistry({
    providers: families.map((family) => ({
      slug: names.slug(`sim-${family}`),
      kind: "simulator",
      baseUrl: null,
      apiKey: null,
      credentialError: false,
      headers: {},
      settings: {},
      connectTimeoutMs: 5_000,
      requestTimeoutMs: 30_000,
      allowPrivateNetwork: false,
      enabled: true,
    })),
    models: CATALOG_MODELS.map((m) => ({
      id: m.key,
      slug: names.slug(m.key),
      providerSlug: names.slug(`sim-${m.family}`),
      upstreamName: m.upstreamName,
      inputPricePerMTok: Number(m.inputPrice),
      outputPricePerMTok: Number(m.outputPrice),
      cachedInputPricePerMTok: m.cachedInputPrice === null ? null : Number(m.cachedInputPrice),
      contextWindow: m.contextWindow,
      maxOutputTokens: m.maxOutputTokens,
      capabilities: m.capabilities,
      tier: m.tier,
      declaredLatencyMs: m.declaredLatencyMs,
      tokenizer: m.tokenizer,
      enabled: true,
    })),
    chains: SEED_CHAINS.map((c) => ({
      slug: names.slug(c.key),
      triggers: c.triggers,
      deadlineMs: c.deadlineMs,
      steps: c.steps.map((s) => ({
        modelSlug: names.slug(s.model),
        timeoutMs: s.timeoutMs,
        maxRetries: 0,
      })),
    })),
  });
  return { models, chains };
}

/** A seed route's policy versions, compiled with the ids they were written under. */
export function compileSeedVersions(
  routeKey: string,
  names: SeedNames,
  idOf: (version: number) => string,
): Map<number, CompiledPolicy> {
  return new Map(
    buildPolicyVersions(routeKey, names).map((v) => [
      v.version,
      compilePolicy(v.document, { id: idOf(v.version), version: v.version }),
    ]),
  );
}

export interface SeedDecisionInput {
  registry: SeedRegistry;
  route: RouteInfo;
  policy: CompiledPolicy;
  features: FeaturesSummary;
  /** Policy keywords the synthetic prompt contains (it has no other text). */
  terms: readonly string[];
  tenant: TenantSnapshot;
  at: number;
  random: () => number;
}

const EMPTY: ContentAccessor = { text: () => "", tokenText: () => "" };

/** Decides one synthetic request; `replay` is what the gateway would have recorded. */
export function decideSeeded(input: SeedDecisionInput): {
  decision: RoutingDecision;
  replay: ReplayInputs;
} {
  const replay: ReplayInputs = {};
  const f = input.features;
  const text = input.terms.join("\n");
  const decision = decideRoute(
    {
      estimatedInputTokens: f.estimatedInputTokens,
      overheadTokens: f.overheadTokens,
      maxOutputTokens: f.maxOutputTokens,
      messageCount: f.messageCount,
      conversationTurns: f.conversationTurns,
      hasTools: f.hasTools,
      hasImages: f.hasImages,
      responseFormat: f.responseFormat,
      stream: f.stream,
      requiredCapabilities: f.requiredCapabilities,
      metadata: f.metadata,
      jsonSchema: null,
      content: text === "" ? EMPTY : { text: () => text, tokenText: () => text },
    },
    {
      models: input.registry.models,
      chains: input.registry.chains,
      tenant: input.tenant,
      health: new Map(),
      route: { route: input.route, policy: input.policy },
      rollback: { enabled: false, routeSlug: null, target: null },
    },
    {
      now: () => input.at,
      random: () => {
        const value = input.random();
        (replay.draws ??= []).push(value);
        return value;
      },
      scorer: {
        name: heuristicScorer.name,
        score: (features) => {
          const value = heuristicScorer.score(features);
          replay.score = { value, scorer: heuristicScorer.name };
          return value;
        },
      },
    },
  );
  const budget = input.tenant.budget;
  if (budget.state !== "ok" || budget.fractionSpent !== 0) replay.budget = { ...budget };
  if (input.terms.length > 0) replay.terms = [...input.terms];
  return { decision, replay };
}
