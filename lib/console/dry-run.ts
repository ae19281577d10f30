/**
 * Dry run of a draft policy: re-decides the route's last logged decisions with the draft and the
 * current registry, and projects what would change (model, cost, escalations, latency). Each
 * decision is replayed with what the engine read when it decided (`ReplayInputs`, recorded with the
 * features): its clock, random draws, budget state, allowlist, open breakers, observed p95s,
 * difficulty score and exact token counts, so the unchanged active policy reports no change.
 * Pure: the engine is a parameter, the samples and registry are values.
 */
import "server-only";
import {
  type CompiledPolicy,
  computeCostUsd,
  decideRoute,
  type DifficultyScorer,
  type FallbackChain,
  heuristicScorer,
  type ModelHealth,
  type RegistryModel,
  type RequestFeatures,
  type RouteInfo,
  type RoutingContext,
  type RoutingDecision,
  type RoutingSnapshot,
} from "@/lib/router";
import type { ReplayInputs } from "@/lib/decision-log/replay-inputs";
import { restoreSample } from "./restore-features";
import type { DryRunResult } from "@/lib/schemas/console/routes";
import { randomFn } from "@/lib/random";

/** One logged decision as the dry run reads it. */
export interface DryRunSample {
  id: string;
  features: unknown;
  tenantId: string | null;
  /** When the decision was made: the replay's clock unless the record kept the exact one. */
  createdAt: Date;
  finalModel: string | null;
  /** The first attempted model (the initial routing choice); compared with the draft's first step. */
  firstModel: string | null;
  status: string;
  escalated: boolean;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
}

export interface DryRunInput {
  samples: readonly DryRunSample[];
  route: RouteInfo;
  draft: CompiledPolicy;
  models: ReadonlyMap<string, RegistryModel>;
  chains: ReadonlyMap<string, FallbackChain>;
  /** Defaults to the engine's `decideRoute`. */
  decide?: (f: RequestFeatures, s: RoutingSnapshot, c: RoutingContext) => RoutingDecision;
}

/** The engine's injected context as it was at decision time. */
function replayContext(
  replay: ReplayInputs,
  features: RequestFeatures,
  createdAtMs: number,
  fallbackRandom: () => number,
): RoutingContext {
  const draws = replay.draws ?? [];
  let next = 0;
  const now = replay.now ?? createdAtMs;
  const context: RoutingContext = {
    now: () => now,
    // A draft may draw more often than the active policy did (a new split): fresh draws then.
    random: () => (next < draws.length ? (draws[next++] ?? 0) : fallbackRandom()),
  };
  const score = replay.score;
  if (score && score.version === undefined && score.scorer === heuristicScorer.name) {
    context.scorer = { name: score.scorer, score: () => score.value };
  }
  const tokens = replay.tokens;
  if (tokens) {
    // A family not counted at decision time: the estimate (the prompt text is not stored).
    const estimate = Math.max(0, features.estimatedInputTokens - features.overheadTokens);
    context.countTokens = (_text, family) => tokens[family] ?? estimate;
  }
  return context;
}

/**
 * The route's learned scorer as it scored this decision: a draft banding with the same version
 * uses the recorded score; another version is not loaded (the engine falls back and says so).
 */
function replayScorers(replay: ReplayInputs): ReadonlyMap<number, DifficultyScorer> | undefined {
  const score = replay.score;
  if (score?.version === undefined) return undefined;
  return new Map([[score.version, { name: score.scorer, score: () => score.value }]]);
}

/** Breaker states and observed p95s as the engine saw them (absent: closed, declared latency). */
function replayHealth(replay: ReplayInputs): ReadonlyMap<string, ModelHealth> {
  const health = new Map<string, ModelHealth>();
  const entry = (slug: string): ModelHealth => {
    let h = health.get(slug);
    if (!h) {
      h = { breaker: "closed", p50LatencyMs: null, p95LatencyMs: null, errorRate: 0 };
      health.set(slug, h);
    }
    return h;
  };
  for (const slug of replay.open ?? []) entry(slug).breaker = "open";
  for (const [slug, p95] of Object.entries(replay.p95 ?? {})) entry(slug).p95LatencyMs = p95;
  return health;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function runDryRun(input: DryRunInput): DryRunResult {
  const decide = input.decide ?? decideRoute;
  // Seeded, for draws a draft makes beyond the recorded ones: the same answer every time.
  const fallbackRandom = randomFn("dry-run");
  const routed = input.samples.filter((s) => s.status !== "rejected" && s.firstModel !== null);
  const observedEscalationRate =
    routed.length > 0 ? routed.filter((s) => s.escalated).length / routed.length : 0;
  const transitions = new Map<string, number>();
  const rules = new Map<string, number>();
  const r: DryRunResult = {
    sampled: input.samples.length,
    skipped: 0,
    replayed: 0,
    changedModel: 0,
    newlyRejected: 0,
    costBeforeUsd: 0,
    costAfterUsd: 0,
    escalationsBefore: 0,
    escalationsAfter: 0,
    meanLatencyBeforeMs: 0,
    meanLatencyAfterMs: 0,
    transitions: [],
    ruleMatches: [],
    contentRulesIgnored: input.draft.readsContent,
  };
  let latencyBefore = 0;
  let latencyAfter = 0;
  for (const sample of input.samples) {
    const restored = sample.status === "rejected" ? null : restoreSample(sample.features);
    if (!restored) {
      r.skipped++;
      continue;
    }
    const { features, replay } = restored;
    r.replayed++;
    const snapshot: RoutingSnapshot = {
      models: input.models,
      chains: input.chains,
      tenant: {
        id: sample.tenantId ?? "dry-run",
        modelAllowlist: replay.allowlist ?? [],
        budget: replay.budget ?? { state: "ok", fractionSpent: 0 },
      },
      health: replayHealth(replay),
      route: { route: input.route, policy: input.draft, scorers: replayScorers(replay) },
      rollback: { enabled: false, routeSlug: null, target: null },
    };
    const context = replayContext(replay, features, sample.createdAt.getTime(), fallbackRandom);
    const decision = decide(features, snapshot, context);
    bump(rules, decision.trace.matchedRule ?? "(default)");
    r.costBeforeUsd += sample.costUsd;
    r.escalationsBefore += sample.escalated ? 1 : 0;
    latencyBefore += sample.latencyMs;
    const first = decision.kind === "routed" ? decision.plan.steps[0] : undefined;
    if (!first) {
      r.newlyRejected++;
      latencyAfter += sample.latencyMs;
      continue;
    }
    const usage = {
      inputTokens: sample.inputTokens || features.estimatedInputTokens,
      outputTokens: sample.outputTokens,
      cachedInputTokens: sample.cachedTokens,
    };
    if (first.model === sample.firstModel) {
      r.costAfterUsd += sample.costUsd;
      r.escalationsAfter += sample.escalated ? 1 : 0;
      latencyAfter += sample.latencyMs;
      continue;
    }
    r.changedModel++;
    bump(transitions, `${sample.firstModel ?? "(none)"}\u0000${first.model}`);
    let cost = computeCostUsd(first, usage);
    const second = decision.kind === "routed" ? decision.plan.steps[1] : undefined;
    const mayEscalate =
      decision.kind === "routed" && decision.plan.strategy === "cascade" && second;
    if (mayEscalate) {
      r.escalationsAfter += observedEscalationRate;
      cost += observedEscalationRate * computeCostUsd(second, usage);
    }
    r.costAfterUsd += cost;
    const oldModel = sample.firstModel ? input.models.get(sample.firstModel) : undefined;
    const newModel = input.models.get(first.model);
    const ratio =
      oldModel && newModel ? newModel.declaredLatencyMs / oldModel.declaredLatencyMs : 1;
    latencyAfter += oldModel
      ? sample.latencyMs * ratio
      : (newModel?.declaredLatencyMs ?? sample.latencyMs);
  }
  r.meanLatencyBeforeMs = r.replayed > 0 ? latencyBefore / r.replayed : 0;
  r.meanLatencyAfterMs = r.replayed > 0 ? latencyAfter / r.replayed : 0;
  r.transitions = [...transitions]
    .map(([key, count]) => {
      const [from = "", to = ""] = key.split("\u0000");
      return { from, to, count };
    })
    .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from))
    .slice(0, 10);
  r.ruleMatches = [...rules]
    .map(([rule, count]) => ({ rule, count }))
    .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
  return r;
}
