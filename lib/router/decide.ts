/** The engine's entry points: `decideRoute` for routes, `decideDirectModel` for named models. */
import { PolicySettingsSchema, type PolicySettings } from "@/lib/schemas/policy";
import type { CompiledRule, EvalEnv } from "./compiled-types";
import { filterCandidate } from "./candidates";
import type { RequestFeatures } from "./features-types";
import { applyHedgeSetting } from "./hedge";
import { applySoftBudget, substituteLargerContext } from "./overrides";
import { buildStep, runAction, type StrategyEnv } from "./strategies";
import type { DropReason } from "./decision-types";
import type {
  ConditionTrace,
  ExplainTrace,
  RejectionError,
  RoutingDecision,
} from "./decision-types";
import type { RoutingSnapshot } from "./snapshot-types";
import type { RegistrySnapshot, RoutingContext } from "./types";

const DEFAULT_SETTINGS: PolicySettings = PolicySettingsSchema.parse({});

/** Decides where one route request goes, with the explain trace. Pure and deterministic. */
export function decideRoute(
  features: RequestFeatures,
  snapshot: RoutingSnapshot,
  context: RoutingContext,
): RoutingDecision {
  const trace = createTrace(snapshot.route.route.slug);
  let active = snapshot.route;
  if (snapshot.rollback.enabled) {
    const target = snapshot.rollback.target;
    trace.overrides.push({ kind: "rollback", detail: `to ${snapshot.rollback.routeSlug ?? "?"}` });
    if (!target?.policy) {
      return reject(trace, "route_unavailable", "Rollback route is not available.");
    }
    active = target;
  }
  trace.usedRoute = active.route.slug;
  const policy = active.policy;
  if (!policy) return reject(trace, "route_unavailable", "Route has no active policy version.");
  trace.policyVersion = { id: policy.id, version: policy.version };
  if (snapshot.tenant.budget.state === "hard") {
    return reject(trace, "budget_exceeded", "Budget limit reached for this tenant.");
  }

  const evalEnv: EvalEnv = {
    features,
    tenant: snapshot.tenant,
    nowMs: context.now(),
    contentInspection: active.route.contentInspection,
    settings: policy.settings,
    scanText: null,
    rawText: null,
    trace: [],
    traceCount: 0,
  };
  let matched: CompiledRule | null = null;
  const scratch = evalEnv.trace;
  for (const rule of policy.rules) {
    if (rule.quickFail !== null && rule.firstFailure !== null && rule.quickFail(evalEnv)) {
      trace.rules.push(rule.firstFailure);
      continue;
    }
    evalEnv.traceCount = 0;
    const held = rule.condition(evalEnv);
    const failure = rule.firstFailure;
    const count = evalEnv.traceCount;
    if (!held && failure && isSameTrace(scratch, count, failure.conditions)) {
      trace.rules.push(failure);
    } else {
      trace.rules.push({ ruleId: rule.id, matched: held, conditions: scratch.slice(0, count) });
    }
    if (held) {
      matched = rule;
      break;
    }
  }
  trace.matchedRule = matched?.id ?? null;

  const env: StrategyEnv = {
    snapshot,
    route: active,
    features,
    context,
    settings: policy.settings,
    dropped: trace.dropped,
    exactTokens: new Map(),
    stickySalt: matched?.id ?? "default",
  };
  let action = matched?.action ?? policy.defaultAction;
  trace.strategy = action.strategy;
  let result = runAction(action, env);
  if (result.kind === "plan" && result.plan.steps.length === 0) {
    const plan = substituteLargerContext(result.plan, env, trace);
    result = { ...result, plan };
    if (plan.steps.length === 0 && matched) {
      trace.overrides.push({ kind: "default_after_empty_rule", detail: `rule ${matched.id}` });
      trace.strategy = policy.defaultAction.strategy;
      env.stickySalt = "default";
      matched = null;
      action = policy.defaultAction;
      result = runAction(action, env);
      if (result.kind === "plan") {
        result = { ...result, plan: substituteLargerContext(result.plan, env, trace) };
      }
    }
  }
  if (result.kind === "reject") return reject(trace, "policy_rejected", result.message);
  trace.strategyDetail = result.detail;
  if (result.plan.steps.length === 0) return rejectEmpty(trace);
  const label = matched ? `rule ${matched.id}` : "default action";
  const plan = applyHedgeSetting(
    applySoftBudget(result.plan, env, trace),
    action,
    label,
    policy.settings,
    trace,
  );
  return { kind: "routed", plan, baselineModel: active.route.baselineModelSlug, trace };
}

/**
 * Decides a request that names a concrete model: no policy and no downgrade, but every
 * always-on filter and the hard budget still apply.
 */
export function decideDirectModel(
  modelSlug: string,
  features: RequestFeatures,
  snapshot: RegistrySnapshot,
  context: RoutingContext,
  settings: PolicySettings = DEFAULT_SETTINGS,
): RoutingDecision {
  const trace = createTrace(modelSlug);
  trace.strategy = "single";
  if (snapshot.tenant.budget.state === "hard") {
    return reject(trace, "budget_exceeded", "Budget limit reached for this tenant.");
  }
  const env: StrategyEnv = {
    snapshot,
    features,
    context,
    settings,
    dropped: trace.dropped,
    exactTokens: new Map(),
    stickySalt: "direct",
  };
  const model = filterCandidate(modelSlug, env);
  if (!model) {
    if (trace.dropped[0]?.reason === "unknown_model") {
      return reject(trace, "model_not_found", `The model '${modelSlug}' does not exist.`);
    }
    return rejectEmpty(trace, true);
  }
  const plan = {
    strategy: "single" as const,
    steps: [buildStep(model, env)],
    deadlineMs: settings.deadlineMs,
  };
  return { kind: "routed", plan, baselineModel: modelSlug, trace };
}

/** Identity comparison against a precomputed trace (entries are frozen singletons). */
function isSameTrace(
  scratch: readonly ConditionTrace[],
  count: number,
  expected: readonly ConditionTrace[],
): boolean {
  if (count !== expected.length) return false;
  for (let i = 0; i < count; i++) if (scratch[i] !== expected[i]) return false;
  return true;
}

function createTrace(requested: string): ExplainTrace {
  return {
    requestedRoute: requested,
    usedRoute: requested,
    policyVersion: null,
    rules: [],
    matchedRule: null,
    strategy: null,
    strategyDetail: {},
    dropped: [],
    overrides: [],
  };
}

const ERRORS: Record<RejectionError["code"], Pick<RejectionError, "type" | "httpStatus">> = {
  budget_exceeded: { type: "insufficient_quota", httpStatus: 429 },
  context_length_exceeded: { type: "invalid_request_error", httpStatus: 400 },
  no_model_available: { type: "server_error", httpStatus: 503 },
  route_unavailable: { type: "server_error", httpStatus: 503 },
  model_not_found: { type: "invalid_request_error", httpStatus: 404 },
  policy_rejected: { type: "invalid_request_error", httpStatus: 403 },
  invalid_request: { type: "invalid_request_error", httpStatus: 400 },
  model_not_allowed: { type: "invalid_request_error", httpStatus: 403 },
};

function reject(
  trace: ExplainTrace,
  code: RejectionError["code"],
  message: string,
  param?: string,
): RoutingDecision {
  const error: RejectionError = { code, message, ...ERRORS[code] };
  if (param !== undefined) error.param = param;
  return { kind: "rejected", error, trace };
}

/** Drop reasons that are the request's or the tenant's own: retrying the same request cannot help. */
const CLIENT_DROP_REASONS: ReadonlySet<DropReason> = new Set<DropReason>([
  "not_in_allowlist",
  "missing_capability",
  "max_output_too_small",
  "context_window_too_small",
]);

/** The request field that asks for a capability (for the error's `param`). */
const CAPABILITY_PARAMS: Partial<Record<string, string>> = {
  tools: "tools",
  json: "response_format",
  json_schema: "response_format",
  vision: "messages",
  streaming: "stream",
};

/**
 * Every candidate was dropped. When each drop is the caller's own doing (allowlist, max output,
 * context window, a capability no candidate has) the answer is a 4xx naming the reason; a 503
 * (retryable) only when a provider-side reason (open breaker, disabled model, latency) took part.
 */
function rejectEmpty(trace: ExplainTrace, direct = false): RoutingDecision {
  const context = trace.dropped.find((d) => d.reason === "context_window_too_small");
  if (context) {
    return reject(
      trace,
      "context_length_exceeded",
      `The request does not fit any eligible model's context window (${context.model}: ${context.detail ?? ""}).`,
    );
  }
  const dropped = trace.dropped;
  if (dropped.length > 0 && dropped.every((d) => CLIENT_DROP_REASONS.has(d.reason))) {
    const output = dropped.find((d) => d.reason === "max_output_too_small");
    if (output) {
      return reject(
        trace,
        "invalid_request",
        `The requested output tokens exceed every eligible model's maximum (${output.model}: ${output.detail ?? ""}).`,
        "max_tokens",
      );
    }
    const missing = dropped.find((d) => d.reason === "missing_capability");
    if (missing) {
      return reject(
        trace,
        "invalid_request",
        `The request needs the capability '${missing.detail ?? "?"}', which no eligible model has.`,
        CAPABILITY_PARAMS[missing.detail ?? ""],
      );
    }
    if (direct) {
      return reject(
        trace,
        "model_not_found",
        `The model '${trace.requestedRoute}' does not exist or you do not have access to it.`,
        "model",
      );
    }
    return reject(
      trace,
      "model_not_allowed",
      "None of this route's models is in the tenant's model allowlist.",
      "model",
    );
  }
  return reject(trace, "no_model_available", "No eligible model is available for this request.");
}
