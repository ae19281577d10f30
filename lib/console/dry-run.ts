/**
 * Dry run of a draft policy: re-decides the route's last logged decisions with the draft and the
 * current registry, and projects what would change (model, cost, escalations, latency). Pure: the
 * engine and the clock are parameters, the samples and registry are values.
 */
import "server-only";
import {
  type CompiledPolicy,
  computeCostUsd,
  decideRoute,
  type FallbackChain,
  type RegistryModel,
  type RequestFeatures,
  type RouteInfo,
  type RoutingContext,
  type RoutingDecision,
  type RoutingSnapshot,
} from "@/lib/router";
import { restoreFeatures } from "./restore-features";
import type { DryRunResult } from "@/lib/schemas/console/routes";
import { randomFn } from "@/lib/random";

/** One logged decision as the dry run reads it. */
export interface DryRunSample {
  id: string;
  features: unknown;
  tenantId: string | null;
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
  /** Epoch ms used as "now" for every replay (time-window rules). */
  nowMs: number;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function runDryRun(input: DryRunInput): DryRunResult {
  const decide = input.decide ?? decideRoute;
  // Seeded, so the same draft on the same samples gives the same answer.
  const context: RoutingContext = { now: () => input.nowMs, random: randomFn("dry-run") };
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
    const features = sample.status === "rejected" ? null : restoreFeatures(sample.features);
    if (!features) {
      r.skipped++;
      continue;
    }
    r.replayed++;
    const snapshot: RoutingSnapshot = {
      models: input.models,
      chains: input.chains,
      tenant: {
        id: sample.tenantId ?? "dry-run",
        modelAllowlist: [],
        budget: { state: "ok", fractionSpent: 0 },
      },
      health: new Map(),
      route: { route: input.route, policy: input.draft },
      rollback: { enabled: false, routeSlug: null, target: null },
    };
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
