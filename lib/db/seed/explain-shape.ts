import type { FeaturesSummary } from "@/lib/decision-log/features-summary";
import type { Capability } from "@/lib/vocabulary";
import type { HistoryVersion } from "./history-types";
import type { Rng } from "../../random";
import type { RoutePlan } from "./routes";

/** Capabilities a request of each task needs (what the engine derives from the body). */
const TASK_CAPABILITIES: Record<string, Capability[]> = {
  vision: ["vision"],
  extract: ["json_schema"],
  code: ["tools"],
  reasoning: ["reasoning"],
};

/** Request features as the gateway stores them (`FeaturesSummary`, lib/decision-log). */
export function buildFeatures(
  rng: Rng,
  plan: RoutePlan,
  input: number,
  streamed: boolean,
  endUserId: string,
): FeaturesSummary {
  const caps = TASK_CAPABILITIES[plan.task] ?? [];
  const turns = 1 + 2 * rng.int(4);
  return {
    estimatedInputTokens: Math.round(input * rng.between(0.94, 1.06)),
    overheadTokens: 3 * turns + (caps.includes("vision") ? 765 : 0),
    maxOutputTokens: rng.chance(0.4) ? 1024 : null,
    messageCount: turns + 1,
    conversationTurns: turns,
    hasTools: caps.includes("tools"),
    hasImages: caps.includes("vision"),
    responseFormat: caps.includes("json_schema") ? "json_schema" : "text",
    stream: streamed,
    requiredCapabilities: caps,
    metadata: {
      task: plan.task,
      userTier: plan.tags?.includes("vip") ? "vip" : null,
      latencyClass: plan.rule === "interactive" ? "interactive" : null,
      tags: plan.tags ?? [],
      endUserId,
      priority: "normal",
    },
    hasJsonSchema: caps.includes("json_schema"),
  };
}

const traces = new WeakMap<RoutePlan, Map<string, Record<string, unknown>>>();

/**
 * The explain trace (`ExplainTrace` from `@/lib/router`) of a decision that followed `plan`:
 * rules evaluated up to the matching one, the strategy and the candidates dropped. It depends only
 * on the route, version and plan, so one frozen object is shared by all such decisions.
 */
export function buildTrace(
  routeSlug: string,
  version: HistoryVersion,
  plan: RoutePlan,
  slugOf: (modelKey: string) => string,
): Record<string, unknown> {
  let byVersion = traces.get(plan);
  if (!byVersion) traces.set(plan, (byVersion = new Map()));
  const key = `${routeSlug}|${version.id}`;
  const cached = byVersion.get(key);
  if (cached) return cached;
  const rules = [
    ...new Set(version.plans.map((p) => p.rule).filter((r): r is string => r !== null)),
  ];
  const evaluated = plan.rule === null ? rules : rules.slice(0, rules.indexOf(plan.rule) + 1);
  const trace = Object.freeze({
    requestedRoute: routeSlug,
    usedRoute: routeSlug,
    policyVersion: { id: version.id, version: version.version },
    rules: evaluated.map((ruleId) => ({ ruleId, matched: ruleId === plan.rule, conditions: [] })),
    matchedRule: plan.rule,
    strategy: plan.strategy,
    strategyDetail: plan.detail ?? {},
    dropped: (plan.dropped ?? []).map(([model, reason]) => ({ model: slugOf(model), reason })),
    overrides: [],
  });
  byVersion.set(key, trace);
  return trace;
}
