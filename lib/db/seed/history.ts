import type {
  HistoricDecision,
  HistoryModel,
  HistoryRoute,
  HistorySpec,
  HistoryTenant,
  HistoryVersion,
} from "./history-types";
import type { TenantSnapshot } from "@/lib/router";
import { buildFeatures } from "./explain-shape";
import { createRng, type Rng } from "../../random";
import type { RoutePlan } from "./routes";
import { decideSeeded } from "./seed-engine";
import { priceUnits, synthesizeAttempts, type Tokens } from "./synthesize-attempts";
import { HOUR_MS, planHourlyCounts, spreadInHour } from "./traffic";

/** Odds of outcomes decided before any upstream call. */
const REJECTED = 0.002;
const CLIENT_CLOSED = 0.003;
const STREAMED = 0.45;
/** Budget state of a tenant past its soft threshold (what the budget manager would report). */
const SOFT_BUDGET: TenantSnapshot["budget"] = { state: "soft", fractionSpent: 0.86 };
const OK_BUDGET: TenantSnapshot["budget"] = { state: "ok", fractionSpent: 0 };
type CommonField =
  | "id"
  | "requestId"
  | "createdAt"
  | "tenantId"
  | "apiKeyId"
  | "endUserId"
  | "routeSlug"
  | "policyVersionId"
  | "policyVersion"
  | "ruleMatched"
  | "strategy"
  | "streamed"
  | "promptHash"
  | "features"
  | "trace";

/** First hour of the history (inclusive) for a spec. */
export function historyStartMs(spec: Pick<HistorySpec, "endMs" | "days">): number {
  return Math.floor(spec.endMs / HOUR_MS) * HOUR_MS - spec.days * 24 * HOUR_MS;
}

/**
 * Generates the demo's historic decisions, oldest first: a pure function of `spec` (seeded
 * randomness, no clock), lazily, so 100k+ decisions stream into batched inserts without being
 * held in memory. Exactly `days × decisionsPerDay` decisions.
 */
export function* generateHistory(spec: HistorySpec): Generator<HistoricDecision> {
  const rng = createRng(`history:${spec.seed}`);
  const start = historyStartMs(spec);
  const hours = spec.days * 24;
  const counts = planHourlyCounts(start, hours, spec.days * spec.decisionsPerDay, rng);
  const tenantWeights = spec.tenants.map((t) => t.weight);
  const routeWeights = spec.routes.map((r) => r.traffic);
  const bySlug = new Map([...spec.models.values()].map((m) => [m.slug, m]));
  let index = 0;
  for (let h = 0; h < hours; h++) {
    const hourStart = start + h * HOUR_MS;
    for (const offset of spreadInHour(counts[h] ?? 0, rng)) {
      const tenant = spec.tenants[rng.weighted(tenantWeights)]!;
      const route = spec.routes[rng.weighted(routeWeights)]!;
      yield synthesizeDecision(rng, spec, bySlug, route, tenant, hourStart + offset, index++);
    }
  }
}

function versionAt(route: HistoryRoute, at: number): HistoryVersion {
  let current = route.versions[0]!;
  for (const v of route.versions) if (v.fromMs <= at) current = v;
  return current;
}

function pickPlan(rng: Rng, version: HistoryVersion, soft: boolean): RoutePlan {
  const plans = version.plans.filter((p) => (p.softBudgetOnly ?? false) === soft);
  const pool = plans.length > 0 ? plans : version.plans;
  return pool[rng.weighted(pool.map((p) => p.weight))]!;
}

function lognormal(rng: Rng, median: number, sigma: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(median * Math.exp(sigma * rng.normal()))));
}

function model(spec: HistorySpec, key: string): HistoryModel {
  const found = spec.models.get(key);
  if (!found) throw new Error(`history spec has no model "${key}"`);
  return found;
}

function hash(rng: Rng): string {
  let out = "";
  for (let i = 0; i < 8; i++) out += rng.hex32();
  return out;
}

function synthesizeDecision(
  rng: Rng,
  spec: HistorySpec,
  bySlug: ReadonlyMap<string, HistoryModel>,
  route: HistoryRoute,
  tenant: HistoryTenant,
  at: number,
  index: number,
): HistoricDecision {
  const version = versionAt(route, at);
  const soft = tenant.softFromMs !== null && at >= tenant.softFromMs;
  // The plan gives the request's shape (size, task, tags); the engine decides its models.
  const shape = pickPlan(rng, version, soft);
  const long = shape.inputTokens > 30_000;
  const input = lognormal(rng, shape.inputTokens, long ? 0.35 : 0.8, 12, 900_000);
  const output = lognormal(rng, shape.outputTokens, 0.7, 1, 8_000);
  const cached = input >= 1024 && rng.chance(0.25) ? Math.floor(input * rng.between(0.3, 0.85)) : 0;
  const tokens: Tokens = { input, output, cached };
  const streamed = rng.chance(STREAMED);
  const requestId = `${spec.requestIdPrefix}${index.toString(36).padStart(7, "0")}`;
  const id = rng.uuid();
  const endUserId = `user-${String(rng.int(400)).padStart(4, "0")}`;
  const promptHash = hash(rng);
  const features = buildFeatures(rng, shape, input, streamed, endUserId);
  const { decision, replay } = decideSeeded({
    registry: spec.registry,
    route: route.info,
    policy: version.policy,
    features,
    terms: shape.terms ?? [],
    tenant: { id: tenant.id, modelAllowlist: [], budget: soft ? SOFT_BUDGET : OK_BUDGET },
    at,
    random: () => rng.next(),
  });
  if (Object.keys(replay).length > 0) features.replay = replay;
  const trace = decision.trace;
  const routed = decision.kind === "routed" ? decision.plan : null;
  const plan =
    routed && routed.strategy !== shape.strategy ? { ...shape, strategy: routed.strategy } : shape;
  const models = (routed?.steps ?? []).map((s) => {
    const found = bySlug.get(s.model);
    if (!found) throw new Error(`history spec has no model "${s.model}"`);
    return found;
  });
  // One literal with every field (no spread): V8 keeps such objects fast; spreading a base
  // object and adding twenty fields made generation ~3x slower.
  const record = (outcome: Omit<HistoricDecision, CommonField>): HistoricDecision => ({
    id,
    requestId,
    createdAt: at,
    tenantId: tenant.id,
    apiKeyId: tenant.apiKeyId,
    endUserId,
    routeSlug: route.slug,
    policyVersionId: version.id,
    policyVersion: version.version,
    ruleMatched: trace.matchedRule,
    strategy: routed?.strategy ?? "rejected",
    streamed,
    promptHash,
    features,
    trace,
    gateResults: outcome.gateResults,
    escalated: outcome.escalated,
    fellBack: outcome.fellBack,
    finalModel: outcome.finalModel,
    finalProvider: outcome.finalProvider,
    status: outcome.status,
    errorClass: outcome.errorClass,
    httpStatus: outcome.httpStatus,
    latencyMs: outcome.latencyMs,
    ttftMs: outcome.ttftMs,
    inputTokens: outcome.inputTokens,
    outputTokens: outcome.outputTokens,
    cachedTokens: outcome.cachedTokens,
    costUnits: outcome.costUnits,
    baselineCostUnits: outcome.baselineCostUnits,
    attempts: outcome.attempts,
  });
  const baselineModel = model(spec, route.baseline);
  const roll = rng.next();
  if (decision.kind === "rejected") {
    return record({
      gateResults: [],
      escalated: false,
      fellBack: false,
      finalModel: null,
      finalProvider: null,
      status: "rejected",
      errorClass: decision.error.code,
      httpStatus: decision.error.httpStatus,
      latencyMs: 1 + rng.int(3),
      ttftMs: null,
      inputTokens: 0,
      outputTokens: 0,
      cachedTokens: 0,
      costUnits: 0,
      baselineCostUnits: 0,
      attempts: [],
    });
  }
  if (roll < REJECTED || models.length === 0) {
    return record({
      gateResults: [],
      escalated: false,
      fellBack: false,
      finalModel: null,
      finalProvider: null,
      status: "rejected",
      errorClass: "budget_exceeded",
      httpStatus: 429,
      latencyMs: 1 + rng.int(3),
      ttftMs: null,
      inputTokens: 0,
      outputTokens: 0,
      cachedTokens: 0,
      costUnits: 0,
      baselineCostUnits: 0,
      attempts: [],
    });
  }
  const result = synthesizeAttempts(rng, spec, plan, models, at + 2, tokens, streamed);
  const final = models[result.finalIndex]!;
  const finalAttempt = result.attempts[result.attempts.length - 1]!;
  const closed = result.outcome === "success" && roll < REJECTED + CLIENT_CLOSED;
  const status = closed ? "client_closed" : result.outcome;
  const sum = (f: (a: (typeof result.attempts)[number]) => number) =>
    result.attempts.reduce((s, a) => s + f(a), 0);
  const elapsed = sum((a) => a.durationMs);
  const ttft =
    finalAttempt.ttftMs === null || !streamed
      ? null
      : elapsed - finalAttempt.durationMs + finalAttempt.ttftMs;
  const answered = result.outcome !== "upstream_error";
  return record({
    gateResults: result.gateResults,
    escalated: result.escalated,
    fellBack: result.fellBack,
    finalModel: final.slug,
    finalProvider: final.provider,
    status,
    errorClass: result.errorClass,
    httpStatus:
      status === "upstream_error"
        ? (finalAttempt.httpStatus ?? 502)
        : status === "client_closed"
          ? 499
          : 200,
    latencyMs: elapsed + 2 + rng.int(7),
    ttftMs: ttft === null ? null : ttft + 2,
    inputTokens: sum((a) => a.inputTokens),
    outputTokens: sum((a) => a.outputTokens),
    cachedTokens: sum((a) => a.cachedTokens),
    costUnits: sum((a) => a.costUnits),
    baselineCostUnits: answered
      ? priceUnits(
          baselineModel,
          { input: finalAttempt.inputTokens, output: finalAttempt.outputTokens, cached: 0 },
          false,
        )
      : 0,
    attempts: result.attempts,
  });
}
