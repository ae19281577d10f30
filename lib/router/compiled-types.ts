import type { Action, PolicyDocument, PolicySettings } from "@/lib/schemas/policy";
import type { RequestFeatures } from "./features-types";
import type { ConditionTrace, RuleTrace } from "./decision-types";
import type { TenantSnapshot } from "./types";

/** What a compiled condition reads while a request is decided. */
export interface EvalEnv {
  features: RequestFeatures;
  tenant: TenantSnapshot;
  nowMs: number;
  /** Whether the route allows reading prompt content. */
  contentInspection: boolean;
  settings: PolicySettings;
  /** Scratch list the evaluated conditions of the current rule are pushed to. */
  trace: ConditionTrace[];
  /** Entries of `trace` that belong to the current rule (the array is reused, never shrunk). */
  traceCount: number;
  /** Lower-cased, length-capped prompt text, filled on first use. */
  scanText: string | null;
  /** Raw length-capped prompt text, filled on first use. */
  rawText: string | null;
}

/** A condition compiled to a predicate; it records its own trace entry. */
export type CompiledCondition = (env: EvalEnv) => boolean;

/** One compiled rule. */
export interface CompiledRule {
  id: string;
  index: number;
  condition: CompiledCondition;
  action: Action;
  /** Frozen trace of the rule's most common failure, shared by every decision that hits it. */
  firstFailure: RuleTrace | null;
  /** True when the rule fails the canonical way, tested without tracing (then use firstFailure). */
  quickFail: ((env: EvalEnv) => boolean) | null;
}

/** A policy version compiled once (regexes built, defaults resolved); reused for every request. */
export interface CompiledPolicy {
  id: string;
  version: number;
  document: PolicyDocument;
  settings: PolicySettings;
  /** Enabled rules in document order. */
  rules: readonly CompiledRule[];
  defaultAction: Action;
  /** Whether any rule reads prompt content. */
  readsContent: boolean;
}
