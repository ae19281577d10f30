/**
 * The contracts of plan execution, shared by `execute-plan.ts` (attempts in order, retries,
 * fallback, cascades) and `run-hedged.ts` (a hedged pair), so neither imports the other's types.
 */
import type { CancelSignal } from "@/lib/cancel";
import type { ProviderAdapter, ProviderConfig, Usage } from "@/lib/providers/types";
import type { PlanStep } from "@/lib/router";
import type { DecisionAttemptRecord, JsonValue } from "@/lib/decision-log/decision-record";
import type { Breakers } from "./breakers";
import type { ProviderErrorClass } from "@/lib/vocabulary";

export interface AttemptContext {
  step: PlanStep;
  provider: ProviderConfig;
  adapter: ProviderAdapter;
  record: DecisionAttemptRecord;
  /** This attempt's timeout: the step's, capped by what is left of the deadline. */
  timeoutMs: number;
  /** Whether gates must see the whole answer before the attempt counts (cascade stage). */
  gated: boolean;
  /** Aborts this attempt: the request's signal, or a hedged attempt's own. */
  signal: CancelSignal;
}

export interface AttemptRunner<T> {
  run(ctx: AttemptContext): Promise<T>;
  /** The answer text the gates read; null when not read in full (a committed stream). */
  answerText(value: T): string | null;
  usage(value: T): Usage;
  /** Releases a value that will not be used (an answer that failed its gate). */
  discard(value: T): void;
  /**
   * Closes an attempt that lost a hedge race, whether it is still running or already answered,
   * and returns the usage its upstream reported so far (billed like a client disconnect); null
   * when there is nothing to bill. Runners without partial usage (complete calls) omit it.
   */
  abandon?(ctx: AttemptContext): Usage | null;
}

export interface ExecutionDeps {
  providers: ReadonlyMap<string, ProviderConfig & { enabled: boolean }>;
  resolveAdapter(kind: ProviderConfig["kind"]): ProviderAdapter | null;
  breakers: Breakers;
  clock: () => number;
  random: () => number;
  sleep(ms: number, signal: CancelSignal): Promise<void>;
  /**
   * Hedge delay: a second attempt starts on the next step when the current one has not answered
   * (a complete call) or produced its first content token (a stream) after it; null or absent: no
   * hedging.
   */
  hedgeAfterMs?: number | null;
}

/** What the request accumulated while the plan ran (goes into the decision record). */
export interface ExecutionLog {
  attempts: DecisionAttemptRecord[];
  gateResults: JsonValue[];
  escalated: boolean;
  fellBack: boolean;
}

export type FailureClass = ProviderErrorClass | "no_model_available" | "client_closed";

export interface ExecutionFailure {
  errorClass: FailureClass;
  message: string;
  retryAfterMs?: number;
}

export type ExecutionResult<T> =
  | { ok: true; value: T; step: PlanStep; record: DecisionAttemptRecord }
  | { ok: false; failure: ExecutionFailure };
