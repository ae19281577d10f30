/**
 * Runs a routing plan: attempts in order with per-attempt timeouts inside the plan's overall
 * deadline; an error's class decides retry (same step, jittered backoff honouring Retry-After),
 * fallback (next step, when the class is in the step's `moveOnErrors`) or stop; breakers are
 * consulted before and fed after each attempt; cascade stages run their gates on the answer and
 * escalate with the results recorded. Transport-agnostic: `AttemptRunner` does one attempt
 * (a complete call, or opening a stream up to its first content token).
 */
import { isAbortError, isProviderError, ProviderError } from "@/lib/providers/errors";
import { checkGatesPassed, evaluateGates, type PlanStep, type RoutingPlan } from "@/lib/router";
import type { AttemptKind, JsonValue } from "@/lib/decision-log/decision-record";
import { applyAttemptUsage, startAttemptRecord } from "./attempt-record";
import { countsAgainstBreaker } from "./breakers";
import type {
  AttemptContext,
  AttemptRunner,
  ExecutionDeps,
  ExecutionFailure,
  ExecutionLog,
  ExecutionResult,
} from "./execution-types";
import { pickHedgeStep, runHedged } from "./run-hedged";
import type { CancelSignal } from "@/lib/cancel";
import type { ProviderErrorClass } from "@/lib/vocabulary";

/** Classes worth retrying on the same deployment. */
const RETRYABLE: ReadonlySet<ProviderErrorClass> = new Set<ProviderErrorClass>([
  "timeout",
  "connect",
  "server_error",
  "rate_limited",
  "stream_interrupted",
]);
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 2_000;
/** A Retry-After longer than this moves on instead of waiting. */
const MAX_RETRY_WAIT_MS = 5_000;

export function createExecutionLog(): ExecutionLog {
  return { attempts: [], gateResults: [], escalated: false, fellBack: false };
}

function toProviderError(error: unknown): ProviderError {
  if (isProviderError(error)) return error;
  if (isAbortError(error)) return new ProviderError("timeout", "upstream attempt timed out");
  return new ProviderError("unknown", "upstream attempt failed");
}

/** Full-jitter exponential backoff, at least the upstream's Retry-After. */
export function computeBackoffMs(
  retry: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
  const jittered = Math.round(ceiling * (0.5 + random() / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}

export async function executePlan<T>(
  plan: RoutingPlan,
  runner: AttemptRunner<T>,
  deps: ExecutionDeps,
  log: ExecutionLog,
  signal: CancelSignal,
): Promise<ExecutionResult<T>> {
  const deadline = deps.clock() + plan.deadlineMs;
  let last: ProviderError | null = null;
  let kind: AttemptKind = "attempt";
  const clientClosed = {
    ok: false as const,
    failure: { errorClass: "client_closed" as const, message: "client closed the request" },
  };
  const hedgeAfterMs = deps.hedgeAfterMs ?? null;
  for (let index = 0; index < plan.steps.length; index++) {
    const step = plan.steps[index] as PlanStep;
    let hedgeFailed = false;
    const isLast = index === plan.steps.length - 1;
    const provider = deps.providers.get(step.provider);
    const adapter = provider?.enabled ? deps.resolveAdapter(provider.kind) : null;
    if (!provider || !adapter) {
      last = new ProviderError("unknown", `provider ${step.provider} is not available`);
      continue;
    }
    for (let retry = 0; retry <= step.maxRetries; retry++) {
      if (signal.aborted) return clientClosed;
      const remaining = deadline - deps.clock();
      if (remaining <= 0) {
        return {
          ok: false,
          failure: { errorClass: "timeout", message: "The routing deadline passed." },
        };
      }
      if (!deps.breakers.tryAcquire(step.model)) break;
      const startedAt = deps.clock();
      const record = startAttemptRecord(log.attempts.length, kind, step, startedAt);
      log.attempts.push(record);
      const gated = step.gates !== null && !isLast;
      try {
        const timeoutMs = Math.min(step.timeoutMs, remaining);
        const ctx: AttemptContext = { step, provider, adapter, record, timeoutMs, gated, signal };
        const hedge =
          hedgeAfterMs !== null && retry === 0 ? pickHedgeStep(plan, index, deps) : null;
        let value: T;
        if (hedge && hedgeAfterMs !== null) {
          const won = await runHedged(
            runner,
            ctx,
            hedge,
            hedgeAfterMs,
            deps,
            log,
            deadline,
            signal,
          );
          if (!won.ok) {
            hedgeFailed = won.hedged;
            throw won.error;
          }
          if (won.record !== record) {
            won.record.durationMs = deps.clock() - won.record.startedAt.getTime();
            deps.breakers.recordSuccess(won.step.model, won.record.durationMs);
            won.record.outcome = "success";
            return won;
          }
          value = won.value;
        } else value = await runner.run(ctx);
        record.durationMs = deps.clock() - startedAt;
        deps.breakers.recordSuccess(step.model, record.durationMs);
        const text = step.gates === null ? null : runner.answerText(value);
        if (step.gates !== null && text !== null) {
          const results = evaluateGates(step.gates, { text });
          record.gate = results as unknown as JsonValue;
          const passed = checkGatesPassed(results);
          log.gateResults.push({ stage: index, model: step.model, passed, results: record.gate });
          if (!passed && gated) {
            record.outcome = "gate_failed";
            applyAttemptUsage(record, step, runner.usage(value));
            runner.discard(value);
            log.escalated = true;
            kind = "escalation";
            break;
          }
        }
        record.outcome = "success";
        return { ok: true, value, step, record };
      } catch (error) {
        record.durationMs = deps.clock() - startedAt;
        if (signal.aborted) {
          deps.breakers.release(step.model);
          return clientClosed;
        }
        const failure = toProviderError(error);
        if (countsAgainstBreaker(error, record, log.attempts)) {
          deps.breakers.recordFailure(step.model, failure.errorClass);
        } else deps.breakers.release(step.model);
        record.outcome = "error";
        record.errorClass = failure.errorClass;
        record.httpStatus = failure.status ?? null;
        last = failure;
        if (retry < step.maxRetries && RETRYABLE.has(failure.errorClass)) {
          const wait = computeBackoffMs(retry, deps.random, failure.retryAfterMs);
          if (wait <= MAX_RETRY_WAIT_MS && deps.clock() + wait < deadline) {
            await deps.sleep(wait, signal);
            kind = "retry";
            continue;
          }
        }
        if (!isLast && step.moveOnErrors.includes(failure.errorClass)) {
          log.fellBack = true;
          kind = "fallback";
          break;
        }
        return { ok: false, failure: describe(failure) };
      }
    }
    // The hedge already ran (and failed) on the next step: do not run it again.
    if (hedgeFailed) index++;
  }
  if (last) return { ok: false, failure: describe(last) };
  return {
    ok: false,
    failure: {
      errorClass: "no_model_available",
      message: "No model of the plan is available right now.",
    },
  };
}

function describe(error: ProviderError): ExecutionFailure {
  return {
    errorClass: error.errorClass,
    message: error.message,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  };
}

/** A sleep that ends early (without throwing) when the signal aborts. */
export function sleepUnlessAborted(ms: number, signal: CancelSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
