import type { HistoricAttempt, HistoryModel, HistorySpec } from "./history-types";
import type { RoutePlan } from "./routes";
import type { Rng } from "../../random";

/** Per-attempt odds, tuned so a 14-day demo shows ~3% fallbacks and ~1–2% errors overall. */
export const ODDS = {
  retriableFailure: 0.026,
  terminalFailure: 0.006,
  midStreamFailure: 0.01,
};

const RETRIABLE = [
  "server_error",
  "server_error",
  "timeout",
  "rate_limited",
  "rate_limited",
  "connect",
];
const TERMINAL = [
  "invalid_request",
  "invalid_request",
  "content_filtered",
  "context_length_exceeded",
];
const STATUS: Record<string, number> = {
  server_error: 503,
  timeout: 504,
  rate_limited: 429,
  connect: 502,
  invalid_request: 400,
  content_filtered: 400,
  context_length_exceeded: 400,
};

export interface Tokens {
  input: number;
  output: number;
  cached: number;
}

/** Cost of tokens on a model in 1e-8 USD units (prices are per million tokens). */
export function priceUnits(model: HistoryModel, t: Tokens, cacheDiscount = true): number {
  const cached = cacheDiscount ? t.cached : 0;
  const cachedPrice = model.cachedInputPrice ?? model.inputPrice;
  return Math.round(
    ((t.input - cached) * model.inputPrice + cached * cachedPrice + t.output * model.outputPrice) *
      100,
  );
}

function failureOdds(spec: HistorySpec, model: HistoryModel, at: number): number {
  for (const incident of spec.incidents)
    if (incident.provider === model.provider && at >= incident.fromMs && at < incident.toMs)
      return incident.failureRate;
  return ODDS.retriableFailure;
}

function pick(rng: Rng, list: readonly string[]): string {
  return list[rng.int(list.length)] ?? "unknown";
}

function successTiming(rng: Rng, model: HistoryModel, t: Tokens) {
  const ttft = Math.round(
    model.sim.ttftMs * Math.exp(0.35 * rng.normal()) * (1 + t.input / 60_000),
  );
  const gen = Math.round(t.output * model.sim.msPerToken * Math.exp(0.15 * rng.normal()));
  return { ttft: Math.max(40, ttft), duration: Math.max(40, ttft) + Math.max(1, gen) };
}

function failureDuration(rng: Rng, errorClass: string): number {
  if (errorClass === "timeout") return rng.chance(0.5) ? 15_000 : 30_000;
  if (errorClass === "rate_limited") return Math.round(rng.between(15, 180));
  if (errorClass === "connect") return Math.round(rng.between(3, 80));
  return Math.round(rng.between(120, 1600));
}

type AttemptOutcome = Omit<
  HistoricAttempt,
  "id" | "position" | "kind" | "model" | "provider" | "startedAt"
>;

export interface AttemptsResult {
  attempts: HistoricAttempt[];
  /** Index in `plan.models` of the model that answered (or failed last). */
  finalIndex: number;
  outcome: "success" | "upstream_error" | "mid_stream_failure";
  escalated: boolean;
  fellBack: boolean;
  errorClass: string | null;
  gateResults: Record<string, unknown>[];
}

/** Minimum answer length the demo cascades' first stages hold answers to. */
const DEMO_MIN_LENGTH = 20;

/**
 * A demo stage's gate results as `evaluateGates` records them, with `failed` the one gate that
 * rejected the answer (no extra random draws: the history stays the same for a given seed).
 */
function demoGates(failed: string | null, tokens: Tokens): Record<string, unknown>[] {
  const length = failed === "non_empty" ? 0 : failed === "min_length" ? 12 : tokens.output * 4;
  return [
    { gate: "non_empty", passed: failed !== "non_empty" },
    {
      gate: "min_length",
      passed: failed !== "min_length" && failed !== "non_empty",
      detail: String(length),
      threshold: `≥ ${DEMO_MIN_LENGTH}`,
    },
    failed === "refusal"
      ? { gate: "refusal", passed: false, detail: "^I can(no|')t help" }
      : { gate: "refusal", passed: true },
  ];
}

/** Runs a plan's attempts: failures move on, cascade gates may escalate, streams may break. */
export function synthesizeAttempts(
  rng: Rng,
  spec: HistorySpec,
  plan: RoutePlan,
  models: HistoryModel[],
  start: number,
  tokens: Tokens,
  streamed: boolean,
): AttemptsResult {
  const attempts: HistoricAttempt[] = [];
  const gateResults: Record<string, unknown>[] = [];
  let at = start;
  let escalated = false;
  let fellBack = false;
  for (let i = 0; i < models.length; i++) {
    const model = models[i]!;
    const kind =
      i === 0 ? "attempt" : attempts[i - 1]?.outcome === "gate_failed" ? "escalation" : "fallback";
    const id = rng.uuid();
    // An explicit literal, not `{ ...base, ... }`: spreads made V8 objects slow here.
    const attempt = (fields: AttemptOutcome): HistoricAttempt => ({
      id,
      position: i,
      kind,
      model: model.slug,
      provider: model.provider,
      startedAt: at,
      ttftMs: fields.ttftMs,
      durationMs: fields.durationMs,
      outcome: fields.outcome,
      errorClass: fields.errorClass,
      httpStatus: fields.httpStatus,
      inputTokens: fields.inputTokens,
      outputTokens: fields.outputTokens,
      cachedTokens: fields.cachedTokens,
      costUnits: fields.costUnits,
      gate: fields.gate,
    });
    const last = i === models.length - 1;
    const roll = rng.next();
    const retriable = failureOdds(spec, model, at);
    if (roll < retriable + ODDS.terminalFailure) {
      const terminal = roll >= retriable;
      const errorClass = terminal ? pick(rng, TERMINAL) : pick(rng, RETRIABLE);
      const durationMs = failureDuration(rng, errorClass);
      attempts.push(
        attempt({
          ttftMs: null,
          durationMs,
          outcome: "error",
          errorClass,
          httpStatus: STATUS[errorClass] ?? 500,
          inputTokens: 0,
          outputTokens: 0,
          cachedTokens: 0,
          costUnits: 0,
          gate: null,
        }),
      );
      at += durationMs;
      if (terminal || last)
        return {
          attempts,
          finalIndex: i,
          outcome: "upstream_error",
          escalated,
          fellBack,
          errorClass,
          gateResults,
        };
      fellBack = true;
      continue;
    }
    const { ttft, duration } = successTiming(rng, model, tokens);
    if (streamed && rng.chance(ODDS.midStreamFailure)) {
      const partial = { ...tokens, output: Math.max(1, Math.floor(tokens.output * rng.next())) };
      attempts.push(
        attempt({
          ttftMs: ttft,
          durationMs: ttft + Math.round((duration - ttft) * 0.5),
          // As the gateway logs it: the attempt failed, the decision is `mid_stream_failure`.
          outcome: "error",
          errorClass: "stream_interrupted",
          httpStatus: 200,
          inputTokens: partial.input,
          outputTokens: partial.output,
          cachedTokens: partial.cached,
          costUnits: priceUnits(model, partial),
          gate: null,
        }),
      );
      return {
        attempts,
        finalIndex: i,
        outcome: "mid_stream_failure",
        escalated,
        fellBack,
        errorClass: "stream_interrupted",
        gateResults,
      };
    }
    const cascadeStage = plan.strategy === "cascade" && !last;
    const gateFails = cascadeStage && rng.chance(plan.escalationRate ?? 0);
    // The gateway's shape: the attempt carries its gate list, the decision one entry per stage.
    const gate = cascadeStage
      ? demoGates(gateFails ? pick(rng, ["min_length", "refusal", "non_empty"]) : null, tokens)
      : null;
    if (gate) gateResults.push({ stage: i, model: model.slug, passed: !gateFails, results: gate });
    attempts.push(
      attempt({
        ttftMs: ttft,
        durationMs: duration,
        outcome: gateFails ? "gate_failed" : "success",
        errorClass: null,
        httpStatus: 200,
        inputTokens: tokens.input,
        outputTokens: tokens.output,
        cachedTokens: tokens.cached,
        costUnits: priceUnits(model, tokens),
        gate,
      }),
    );
    at += duration;
    if (!gateFails)
      return {
        attempts,
        finalIndex: i,
        outcome: "success",
        escalated,
        fellBack,
        errorClass: null,
        gateResults,
      };
    escalated = true;
  }
  return {
    attempts,
    finalIndex: models.length - 1,
    outcome: "upstream_error",
    escalated,
    fellBack,
    errorClass: "unknown",
    gateResults,
  };
}
