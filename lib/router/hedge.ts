/** The policy's hedge delay, put on the plan for the gateway and explained in the trace. */
import type { Action, PolicySettings } from "@/lib/schemas/policy";
import type { ExplainTrace, RoutingPlan } from "./decision-types";

/** The action's own `hedgeAfterMs` (undefined when it has none, or cannot have one). */
function readActionHedge(action: Action): number | null | undefined {
  return "hedgeAfterMs" in action ? action.hedgeAfterMs : undefined;
}

/**
 * Sets `plan.hedgeAfterMs` from the action that produced the plan, else from the policy settings
 * (null: hedging off), and records where it came from in `trace.hedge`. Leaves the plan alone
 * when neither says anything: the gateway's default then applies.
 */
export function applyHedgeSetting(
  plan: RoutingPlan,
  action: Action,
  actionLabel: string,
  settings: PolicySettings,
  trace: ExplainTrace,
): RoutingPlan {
  const own = readActionHedge(action);
  const afterMs = own !== undefined ? own : settings.hedgeAfterMs;
  if (afterMs === undefined) return plan;
  const source = own !== undefined ? actionLabel : "policy settings";
  trace.hedge = { afterMs, source };
  if (afterMs !== null) {
    const [first, second] = plan.steps;
    if (!first || !second) trace.hedge.note = "the plan has one step: nothing to hedge on";
    else if (first.gates !== null || second.gates !== null)
      trace.hedge.note = "gated (cascade) steps are never hedged";
  }
  return { ...plan, hedgeAfterMs: afterMs };
}
