/** Turns one policy action into an ordered plan; filters drop candidates as it goes. */
import type { Action, GateSpecDocument, PolicySettings } from "@/lib/schemas/policy";
import { TIER_RANK, filterCandidate, listPool, type FilterEnv } from "./candidates";
import type { GateSpec } from "./gate-types";
import { hashToUnit } from "./hash";
import { heuristicScorer } from "./scorer";
import type { PlanStep, RoutingPlan } from "./decision-types";
import type { RouteSnapshot } from "./snapshot-types";
import type { DifficultyScorer, RegistryModel } from "./types";
import type { ScorerRef } from "@/lib/schemas/scorers";
import type { ProviderErrorClass } from "@/lib/vocabulary";

/** Working state of one decision. */
export interface StrategyEnv extends FilterEnv {
  settings: PolicySettings;
  /** The route being decided (the rollback target under rollback); absent for a direct model. */
  route?: RouteSnapshot;
  /** Salt for sticky hashing (the rule id, or `default`). */
  stickySalt: string;
}

/** What an action produced: a plan (maybe empty when every candidate was dropped) or a reject. */
export type StrategyResult =
  | { kind: "plan"; plan: RoutingPlan; detail: Record<string, string | number | boolean> }
  | { kind: "reject"; message: string };

interface StepOptions {
  timeoutMs?: number;
  maxRetries?: number;
  moveOn?: readonly ProviderErrorClass[];
  gates?: GateSpec | null;
}

/** Builds a plan step for a model that passed the filters. */
export function buildStep(
  model: RegistryModel,
  env: StrategyEnv,
  options: StepOptions = {},
): PlanStep {
  return {
    model: model.slug,
    provider: model.providerSlug,
    providerKind: model.providerKind,
    upstreamName: model.upstreamName,
    tier: model.tier,
    maxOutputTokens: model.maxOutputTokens,
    inputPricePerMTok: model.inputPricePerMTok,
    outputPricePerMTok: model.outputPricePerMTok,
    cachedInputPricePerMTok: model.cachedInputPricePerMTok,
    timeoutMs: options.timeoutMs ?? env.settings.defaultTimeoutMs,
    maxRetries: options.maxRetries ?? env.settings.defaultMaxRetries,
    moveOnErrors: options.moveOn ?? env.settings.defaultMoveOn,
    gates: options.gates ?? null,
  };
}

function makePlan(
  strategy: RoutingPlan["strategy"],
  steps: PlanStep[],
  env: StrategyEnv,
  deadlineMs?: number,
) {
  return { strategy, steps, deadlineMs: deadlineMs ?? env.settings.deadlineMs };
}

/**
 * The scorer of a score-band action: the route's learned version it names, else the context's
 * (the heuristic by default). A named version that is not loaded, or a route that has since
 * turned content inspection off, falls back to the default and says so in the trace.
 */
function pickScorer(
  ref: ScorerRef | undefined,
  env: StrategyEnv,
): { scorer: DifficultyScorer; version: number | null; note: string | null } {
  const fallback = env.context.scorer ?? heuristicScorer;
  if (!ref) return { scorer: fallback, version: null, note: null };
  const missing = (why: string) => ({
    scorer: fallback,
    version: null,
    note: `learned v${ref.version} ${why}; used ${fallback.name}`,
  });
  if (!env.route?.route.contentInspection) return missing("needs content inspection");
  const learned = env.route.scorers?.get(ref.version);
  return learned ? { scorer: learned, version: ref.version, note: null } : missing("is not loaded");
}

/** Runs one action. */
export function runAction(action: Action, env: StrategyEnv): StrategyResult {
  switch (action.strategy) {
    case "single": {
      const steps: PlanStep[] = [];
      for (const slug of [action.model, ...(action.fallbacks ?? [])]) {
        const model = filterCandidate(slug, env);
        if (model) steps.push(buildStep(model, env, action));
      }
      return { kind: "plan", plan: makePlan("single", steps, env), detail: {} };
    }
    case "fallback":
      return runFallback(action, env);
    case "cascade": {
      const steps: PlanStep[] = [];
      for (const stage of action.stages) {
        const model = filterCandidate(stage.model, env);
        if (model)
          steps.push(buildStep(model, env, { ...stage, gates: resolveGates(stage.gates, env) }));
      }
      return {
        kind: "plan",
        plan: makePlan("cascade", steps, env),
        detail: { stages: action.stages.length },
      };
    }
    case "weighted":
      return runWeighted(action, env);
    case "score_band": {
      const { scorer, version, note } = pickScorer(action.scorer, env);
      const score = scorer.score(env.features);
      const band =
        action.bands.find((b) => score <= b.upTo) ?? action.bands[action.bands.length - 1];
      const tier = band?.tier ?? "small";
      const pool = listPool(env, { capabilities: action.capabilities, minTier: tier });
      const steps = takePool(preferTier(pool), env);
      // The exact value banding compared: a rounded one could show a score on a band's edge
      // while the request went to the next band.
      const detail: Record<string, string | number | boolean> = {
        score,
        scorer: scorer.name,
        tier,
      };
      if (version !== null) detail.scorerVersion = version;
      if (note !== null) detail.scorerNote = note;
      return { kind: "plan", plan: makePlan("score_band", steps, env), detail };
    }
    case "latency_sla": {
      const pool = listPool(env, action).filter((model) => {
        const p95 = env.snapshot.health.get(model.slug)?.p95LatencyMs ?? model.declaredLatencyMs;
        if (p95 <= action.p95Ms) return true;
        env.dropped.push({
          model: model.slug,
          reason: "over_latency_sla",
          detail: `p95 ${p95} ms`,
        });
        return false;
      });
      const steps = takePool(pool, env);
      return {
        kind: "plan",
        plan: makePlan("latency_sla", steps, env),
        detail: { p95Ms: action.p95Ms },
      };
    }
    case "cheapest": {
      const steps = takePool(listPool(env, action), env);
      return { kind: "plan", plan: makePlan("cheapest", steps, env), detail: {} };
    }
    case "reject":
      return { kind: "reject", message: action.message };
  }
}

function runFallback(
  action: Extract<Action, { strategy: "fallback" }>,
  env: StrategyEnv,
): StrategyResult {
  const chain = action.chain === undefined ? null : env.snapshot.chains.get(action.chain);
  if (action.chain !== undefined && !chain) {
    return {
      kind: "plan",
      plan: makePlan("fallback", [], env),
      detail: { missingChain: action.chain },
    };
  }
  const specs = chain
    ? chain.steps.map((s) => ({
        model: s.modelSlug,
        timeoutMs: s.timeoutMs,
        maxRetries: s.maxRetries,
      }))
    : (action.steps ?? []);
  const moveOn = chain?.triggers ?? action.triggers ?? env.settings.defaultMoveOn;
  const steps: PlanStep[] = [];
  for (const spec of specs) {
    const model = filterCandidate(spec.model, env);
    if (model) steps.push(buildStep(model, env, { ...spec, moveOn }));
  }
  const deadline = chain?.deadlineMs ?? action.deadlineMs;
  return {
    kind: "plan",
    plan: makePlan("fallback", steps, env, deadline),
    detail: chain ? { chain: chain.slug } : {},
  };
}

/**
 * Weighted split, sticky per end user: the bucket is a hash of the rule and end-user id (the
 * injected random source only when there is no end-user id). The bucket is laid over the
 * viable variants' weights, so a user keeps their variant while it stays viable.
 */
function runWeighted(
  action: Extract<Action, { strategy: "weighted" }>,
  env: StrategyEnv,
): StrategyResult {
  const endUser = env.features.metadata.endUserId;
  const bucket =
    endUser === null ? env.context.random() : hashToUnit(`${env.stickySalt}:${endUser}`);
  const viable: { model: RegistryModel; weight: number }[] = [];
  for (const variant of action.variants) {
    const model = filterCandidate(variant.model, env);
    if (model) viable.push({ model, weight: variant.weight });
  }
  const total = viable.reduce((sum, v) => sum + v.weight, 0);
  let chosenIndex = viable.length - 1;
  let cumulative = 0;
  for (let i = 0; i < viable.length; i++) {
    cumulative += (viable[i]?.weight ?? 0) / total;
    if (bucket < cumulative) {
      chosenIndex = i;
      break;
    }
  }
  const ordered =
    chosenIndex < 0 ? [] : [viable[chosenIndex], ...viable.filter((_, i) => i !== chosenIndex)];
  const steps = ordered
    .slice(0, 1 + env.settings.poolFallbacks)
    .flatMap((v) => (v ? [buildStep(v.model, env)] : []));
  const detail = { bucket: Math.round(bucket * 1e6) / 1e6, sticky: endUser !== null };
  return { kind: "plan", plan: makePlan("weighted", steps, env), detail };
}

/** The cheapest model of the band's tier first (or of the next tier up), then pool fallbacks. */
function preferTier(pool: readonly RegistryModel[]): RegistryModel[] {
  // The pool holds tiers >= the band's and is cost-ordered; a stable sort keeps cost order per tier.
  return [...pool].sort((a, b) => TIER_RANK[a.tier] - TIER_RANK[b.tier]);
}

function takePool(pool: RegistryModel[], env: StrategyEnv): PlanStep[] {
  return pool.slice(0, 1 + env.settings.poolFallbacks).map((model) => buildStep(model, env));
}

/** Attaches the request's JSON schema to gates that validate against it. */
function resolveGates(gates: GateSpecDocument, env: StrategyEnv): GateSpec {
  return { ...gates, schema: gates.jsonSchema ? env.features.jsonSchema : null };
}
