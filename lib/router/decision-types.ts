/** Decision, plan and explain-trace types: what the engine returns. */
import type { GateSpec } from "./gate-types";
import type { ModelPricing } from "./types";
import type { ModelTier, ProviderErrorClass, ProviderKind } from "@/lib/vocabulary";

/** Why a candidate model was dropped. */
export type DropReason =
  | "unknown_model"
  | "disabled"
  | "missing_capability"
  | "context_window_too_small"
  | "max_output_too_small"
  | "not_in_allowlist"
  | "breaker_open"
  | "below_min_tier"
  | "over_latency_sla";

/** One dropped candidate in the trace. */
export interface DroppedCandidate {
  model: string;
  reason: DropReason;
  detail?: string;
}

/** Strategy that produced the plan. */
export type StrategyKind =
  | "single"
  | "fallback"
  | "cascade"
  | "weighted"
  | "score_band"
  | "latency_sla"
  | "cheapest"
  | "reject";

/** One attempt target in the plan; carries prices so the plan alone prices a worst case. */
export interface PlanStep extends ModelPricing {
  model: string;
  maxOutputTokens: number;
  tier: ModelTier;
  provider: string;
  providerKind: ProviderKind;
  upstreamName: string;
  timeoutMs: number;
  maxRetries: number;
  /** Error classes after which the gateway moves to the next step. */
  moveOnErrors: readonly ProviderErrorClass[];
  /** Cascade stages only: answers failing these gates escalate to the next step. */
  gates: GateSpec | null;
}

/** The ordered plan the gateway executes. */
export interface RoutingPlan {
  strategy: StrategyKind;
  steps: readonly PlanStep[];
  /** Overall deadline for all steps. */
  deadlineMs: number;
  /**
   * Hedge delay set by the policy (the action's `hedgeAfterMs`, else the policy settings'): a
   * number of ms, or null for "never hedge". Absent: the gateway's default applies.
   */
  hedgeAfterMs?: number | null;
}

/** Trace of one condition evaluation. `path` locates it in the rule, e.g. `when.all[1]`. */
export interface ConditionTrace {
  path: string;
  kind: string;
  held: boolean;
  /** Why a condition could not be evaluated, e.g. content inspection is off. */
  note?: string;
}

/** Trace of one rule. Conditions are the ones evaluated (combinators short-circuit). */
export interface RuleTrace {
  ruleId: string;
  matched: boolean;
  conditions: readonly ConditionTrace[];
}

/** An override applied after the policy chose. */
export type OverrideKind =
  "rollback" | "budget_soft_downgrade" | "larger_context" | "default_after_empty_rule";

/** The explain trace returned with every decision. */
export interface ExplainTrace {
  requestedRoute: string;
  usedRoute: string;
  policyVersion: { id: string; version: number } | null;
  rules: RuleTrace[];
  matchedRule: string | null;
  strategy: StrategyKind | null;
  /** Free-form strategy details (e.g. weighted bucket, difficulty score, SLA). */
  strategyDetail: Record<string, string | number | boolean>;
  dropped: DroppedCandidate[];
  overrides: { kind: OverrideKind; detail: string }[];
  /**
   * The policy's hedge delay and where it came from (`rule <id>`, `default action`, `policy
   * settings`); absent when the policy sets none (the gateway's default applies).
   */
  hedge?: HedgeTrace;
}

/** The hedge delay a policy chose for a plan (null: hedging off). */
export interface HedgeTrace {
  afterMs: number | null;
  source: string;
  /** Why the delay cannot apply to this plan (one step, gated steps). */
  note?: string;
}

/** OpenAI-compatible error carried by a rejection. */
export interface RejectionError {
  code:
    | "budget_exceeded"
    | "context_length_exceeded"
    | "no_model_available"
    | "route_unavailable"
    | "model_not_found"
    | "policy_rejected"
    | "invalid_request"
    | "model_not_allowed";
  message: string;
  /** The request field at fault, when one is (OpenAI's `param`). */
  param?: string;
  type: "invalid_request_error" | "insufficient_quota" | "server_error";
  httpStatus: number;
}

/** The engine's answer for one request. */
export type RoutingDecision =
  | {
      kind: "routed";
      plan: RoutingPlan;
      baselineModel: string | null;
      trace: ExplainTrace;
    }
  | { kind: "rejected"; error: RejectionError; trace: ExplainTrace };
