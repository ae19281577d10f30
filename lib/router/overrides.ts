/** Overrides applied after the policy chose: larger-context substitution and budget downgrade. */
import { TIER_RANK, listPool } from "./candidates";
import { estimateExpectedCostUsd } from "./cost";
import { buildStep, type StrategyEnv } from "./strategies";
import type { ExplainTrace, RoutingPlan } from "./decision-types";
import type { ModelTier } from "@/lib/vocabulary";

/**
 * When every candidate was dropped and at least one only for its context window, and the policy
 * allows it, route to the cheapest viable model of at least the smallest dropped tier.
 */
export function substituteLargerContext(
  plan: RoutingPlan,
  env: StrategyEnv,
  trace: ExplainTrace,
): RoutingPlan {
  if (plan.steps.length > 0 || !env.settings.allowLargerContext) return plan;
  let floor: ModelTier | null = null;
  for (const drop of env.dropped) {
    if (drop.reason !== "context_window_too_small") continue;
    const tier = env.snapshot.models.get(drop.model)?.tier;
    if (tier && (floor === null || TIER_RANK[tier] < TIER_RANK[floor])) floor = tier;
  }
  if (floor === null) return plan;
  const pool = listPool(env, { minTier: floor });
  const first = pool[0];
  if (!first) return plan;
  trace.overrides.push({ kind: "larger_context", detail: `to ${first.slug} (tier >= ${floor})` });
  const steps = pool.slice(0, 1 + env.settings.poolFallbacks).map((m) => buildStep(m, env));
  return { strategy: plan.strategy, steps, deadlineMs: plan.deadlineMs };
}

/**
 * Soft budget: non-critical requests move to the cheapest acceptable tier (the lowest tier at or
 * above `downgradeMinTier` with a viable model), when that is cheaper than the planned first step.
 */
export function applySoftBudget(
  plan: RoutingPlan,
  env: StrategyEnv,
  trace: ExplainTrace,
): RoutingPlan {
  const { budget } = env.snapshot.tenant;
  if (budget.state !== "soft" || env.settings.softBudget !== "downgrade") return plan;
  if (env.features.metadata.priority === "critical") return plan;
  const current = plan.steps[0];
  if (!current) return plan;
  const pool = listPool(env, { minTier: env.settings.downgradeMinTier });
  const cheapest = pool[0];
  if (!cheapest) return plan;
  const lowestRank = Math.min(...pool.map((m) => TIER_RANK[m.tier]));
  const tierPool = pool.filter((m) => TIER_RANK[m.tier] === lowestRank);
  const target = tierPool[0];
  const reserve = env.settings.outputReserveTokens;
  if (
    !target ||
    target.slug === current.model ||
    estimateExpectedCostUsd(target, env.features, reserve) >=
      estimateExpectedCostUsd(current, env.features, reserve)
  ) {
    return plan;
  }
  trace.overrides.push({
    kind: "budget_soft_downgrade",
    detail: `${current.model} -> ${target.slug} (${Math.round(budget.fractionSpent * 100)}% spent)`,
  });
  const steps = tierPool.slice(0, 1 + env.settings.poolFallbacks).map((m) => buildStep(m, env));
  return { strategy: plan.strategy, steps, deadlineMs: plan.deadlineMs };
}
