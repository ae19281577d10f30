/**
 * Hedged attempts: when an attempt has not answered after `hedgeAfterMs` (a complete call), or
 * not produced its first content token (a stream: the runner resolves at that commit point), a
 * second attempt starts on the plan's next step; the first valid answer wins and the other attempt
 * is aborted (its upstream socket closed), recorded as `cancelled` and billed for the usage it
 * reported (`AttemptRunner.abandon`). The second attempt is recorded with kind `hedge`. Only steps
 * without gates are hedged (see `pickHedgeStep`).
 */
import { type CancelSignal, type Cancellation, linkedCancellation } from "@/lib/cancel";
import { isProviderError, ProviderError } from "@/lib/providers/errors";
import type { PlanStep, RoutingPlan } from "@/lib/router";
import type { DecisionAttemptRecord } from "@/lib/decision-log/decision-record";
import { applyAttemptUsage, startAttemptRecord } from "./attempt-record";
import { countsAgainstBreaker } from "./breakers";
import type { AttemptContext, AttemptRunner, ExecutionDeps, ExecutionLog } from "./execution-types";

/** What a hedged pair ended with: a winner, or the first attempt's error (after both failed). */
export type HedgeOutcome<T> =
  | { ok: true; value: T; step: PlanStep; record: DecisionAttemptRecord }
  | { ok: false; error: unknown; hedged: boolean };

/**
 * The hedge delay of a plan: the plan's own `hedgeAfterMs` (set by the policy: a number, or null
 * for "off"), else the gateway's default; null (off) when the result is not a positive number.
 */
export function resolveHedgeAfterMs(plan: RoutingPlan, fallbackMs: number | null): number | null {
  const ms = plan.hedgeAfterMs === undefined ? fallbackMs : plan.hedgeAfterMs;
  return ms !== null && Number.isFinite(ms) && ms > 0 ? ms : null;
}

/** The step a hedge would run on: the next one, when neither stage is gated and it is usable. */
export function pickHedgeStep(
  plan: RoutingPlan,
  index: number,
  deps: ExecutionDeps,
): { step: PlanStep; ctx: Omit<AttemptContext, "record" | "timeoutMs" | "signal"> } | null {
  const current = plan.steps[index];
  const next = plan.steps[index + 1];
  if (!current || !next || current.gates !== null || next.gates !== null) return null;
  const provider = deps.providers.get(next.provider);
  const adapter = provider?.enabled ? deps.resolveAdapter(provider.kind) : null;
  if (!provider || !adapter) return null;
  return { step: next, ctx: { step: next, provider, adapter, gated: false } };
}

type Settled<T> =
  { attempt: Attempt<T>; ok: true; value: T } | { attempt: Attempt<T>; ok: false; error: unknown };

interface Attempt<T> {
  ctx: AttemptContext;
  controller: Cancellation;
  promise: Promise<Settled<T>>;
}

function startAttempt<T>(
  runner: AttemptRunner<T>,
  ctx: AttemptContext,
  signal: CancelSignal,
): Attempt<T> {
  // Aborted by the request's signal or on its own (the loser of a hedge). Not detached from the
  // request's signal when the attempt settles: a streamed winner keeps reading under it.
  const controller = linkedCancellation(signal);
  const own: AttemptContext = { ...ctx, signal: controller };
  const attempt: Attempt<T> = {
    ctx: own,
    controller,
    promise: runner.run(own).then(
      (value): Settled<T> => ({ attempt, ok: true, value }),
      (error: unknown): Settled<T> => ({ attempt, ok: false, error }),
    ),
  };
  return attempt;
}

function finishRecord(deps: ExecutionDeps, record: DecisionAttemptRecord): void {
  record.durationMs = deps.clock() - record.startedAt.getTime();
}

/** Runs `primary`, hedged on `hedge.step` after `hedgeAfterMs`. */
export async function runHedged<T>(
  runner: AttemptRunner<T>,
  primaryCtx: AttemptContext,
  hedge: NonNullable<ReturnType<typeof pickHedgeStep>>,
  hedgeAfterMs: number,
  deps: ExecutionDeps,
  log: ExecutionLog,
  deadline: number,
  signal: CancelSignal,
): Promise<HedgeOutcome<T>> {
  const first = startAttempt(runner, primaryCtx, signal);
  let timer: NodeJS.Timeout | undefined;
  const fired = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), hedgeAfterMs);
  });
  const early = await Promise.race([first.promise, fired]);
  clearTimeout(timer);
  if (early !== null) {
    return early.ok
      ? { ok: true, value: early.value, step: primaryCtx.step, record: primaryCtx.record }
      : { ok: false, error: early.error, hedged: false };
  }
  const remaining = deadline - deps.clock();
  if (signal.aborted || remaining <= 0 || !deps.breakers.tryAcquire(hedge.step.model)) {
    const settled = await first.promise;
    return settled.ok
      ? { ok: true, value: settled.value, step: primaryCtx.step, record: primaryCtx.record }
      : { ok: false, error: settled.error, hedged: false };
  }
  const record = startAttemptRecord(log.attempts.length, "hedge", hedge.step, deps.clock());
  log.attempts.push(record);
  const second = startAttempt(
    runner,
    { ...hedge.ctx, record, timeoutMs: Math.min(hedge.step.timeoutMs, remaining), signal },
    signal,
  );
  const pending = new Set([first, second]);
  let firstError: unknown = null;
  let firstFailed = false;
  while (pending.size > 0) {
    const settled = await Promise.race([...pending].map((a) => a.promise));
    pending.delete(settled.attempt);
    const { ctx } = settled.attempt;
    if (!settled.ok && signal.aborted && settled.attempt !== first) {
      // The client went away: not the upstream's fault. The caller answers client_closed and
      // releases the first attempt (whose record stays `cancelled`).
      finishRecord(deps, ctx.record);
      ctx.record.outcome = "cancelled";
      deps.breakers.release(ctx.step.model);
      continue;
    }
    if (settled.ok) {
      for (const loser of pending) cancelAttempt(runner, loser, deps);
      if (firstFailed) bookFailure(deps, first.ctx, firstError, log.attempts);
      return { ok: true, value: settled.value, step: ctx.step, record: ctx.record };
    }
    if (settled.attempt === first) {
      // Booked only if the hedge wins; when both fail the caller books it (and moves on).
      firstFailed = true;
      firstError = settled.error;
    } else bookFailure(deps, ctx, settled.error, log.attempts);
  }
  return { ok: false, error: firstError, hedged: true };
}

function bookFailure(
  deps: ExecutionDeps,
  ctx: AttemptContext,
  error: unknown,
  attempts: readonly DecisionAttemptRecord[],
): void {
  const failure = isProviderError(error)
    ? error
    : new ProviderError("unknown", "upstream attempt failed");
  finishRecord(deps, ctx.record);
  if (countsAgainstBreaker(error, ctx.record, attempts)) {
    deps.breakers.recordFailure(ctx.step.model, failure.errorClass);
  } else deps.breakers.release(ctx.step.model);
  ctx.record.outcome = "error";
  ctx.record.errorClass = failure.errorClass;
  ctx.record.httpStatus = failure.status ?? null;
}

function cancelAttempt<T>(runner: AttemptRunner<T>, loser: Attempt<T>, deps: ExecutionDeps): void {
  loser.controller.abort(new DOMException("a hedged attempt answered first", "AbortError"));
  finishRecord(deps, loser.ctx.record);
  loser.ctx.record.outcome = "cancelled";
  deps.breakers.release(loser.ctx.step.model);
  const usage = runner.abandon?.(loser.ctx) ?? null;
  if (usage) applyAttemptUsage(loser.ctx.record, loser.ctx.step, usage);
  // A loser that still resolves (it won the race to the socket) is released unused.
  void loser.promise.then((s) => {
    if (s.ok) runner.discard(s.value);
  });
}
