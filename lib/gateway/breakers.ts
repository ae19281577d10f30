/**
 * Circuit breakers, one per model (deployment). A breaker opens after `consecutiveFailures`
 * failures in a row or when the failure rate over the last `windowSize` outcomes reaches
 * `failureRate` (with at least `minSamples`); after `cooldownMs` it lets `halfOpenProbes` probe
 * attempts through (half-open): a success closes it, a failure re-opens it. Only failures that
 * say something about the deployment count (not invalid requests or content filters). The clock is
 * injected. `health()` feeds the engine's snapshot, with observed p50/p95 latency.
 */
import { nowMs } from "@/lib/clock";
import { isProviderError } from "@/lib/providers/errors";
import type { ModelHealth } from "@/lib/router";
import type { DecisionAttemptRecord } from "@/lib/decision-log/decision-record";
import type { ProviderErrorClass } from "@/lib/vocabulary";

export interface BreakerOptions {
  clock?: () => number;
  consecutiveFailures?: number;
  failureRate?: number;
  windowSize?: number;
  minSamples?: number;
  cooldownMs?: number;
  halfOpenProbes?: number;
  latencySamples?: number;
  /** Called on each phase change (e.g. to set a metrics gauge); must be cheap and not throw. */
  onStateChange?: (model: string, phase: "closed" | "open" | "half_open") => void;
}

export interface Breakers {
  /** Whether an attempt on `model` may start now (takes a probe slot when half-open). */
  tryAcquire(model: string): boolean;
  recordSuccess(model: string, latencyMs: number): void;
  recordFailure(model: string, errorClass: ProviderErrorClass): void;
  /** Gives back a probe slot of an attempt that ended without a verdict (cancelled). */
  release(model: string): void;
  /** Health of every model seen; models absent count as closed. Cached between changes. */
  health(): ReadonlyMap<string, ModelHealth>;
  reset(): void;
}

/** Error classes that count against a deployment. */
export const BREAKER_ERROR_CLASSES: ReadonlySet<ProviderErrorClass> = new Set<ProviderErrorClass>([
  "timeout",
  "connect",
  "server_error",
  "rate_limited",
  "auth",
  "stream_interrupted",
  "unknown",
]);

/**
 * Whether an attempt's failure may count against its deployment's breaker (its class must also be
 * in `BREAKER_ERROR_CLASSES`). Only the provider layer's classified errors say something about a
 * deployment: anything else was thrown by the gateway itself (e.g. a body it could not
 * serialize), which a client's payload can cause. And one request counts at most once per
 * deployment: retries of the same body on the same model repeat the same evidence, and would let
 * a single request whose payload makes an upstream fail open the breaker for every tenant.
 */
export function countsAgainstBreaker(
  error: unknown,
  record: DecisionAttemptRecord,
  attempts: readonly DecisionAttemptRecord[],
): boolean {
  if (!isProviderError(error)) return false;
  for (const a of attempts) {
    if (a !== record && a.model === record.model && a.outcome === "error" && a.errorClass !== null)
      if (BREAKER_ERROR_CLASSES.has(a.errorClass as ProviderErrorClass)) return false;
  }
  return true;
}

interface State {
  phase: "closed" | "open" | "half_open";
  openedAt: number;
  consecutive: number;
  outcomes: boolean[];
  probes: number;
  latencies: number[];
  latencyIndex: number;
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? null;
}

export function createBreakers(options: BreakerOptions = {}): Breakers {
  const clock = options.clock ?? nowMs;
  const maxConsecutive = options.consecutiveFailures ?? 5;
  const maxRate = options.failureRate ?? 0.5;
  const windowSize = options.windowSize ?? 20;
  const minSamples = options.minSamples ?? 10;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const maxProbes = options.halfOpenProbes ?? 1;
  const maxLatencies = options.latencySamples ?? 200;
  const states = new Map<string, State>();
  const notify = options.onStateChange ?? (() => {});
  // Phase changes drop the cache at once; latency and rates refresh at most once a second.
  let cached: Map<string, ModelHealth> | null = null;
  let cachedAt = 0;

  function stateOf(model: string): State {
    let s = states.get(model);
    if (!s) {
      s = {
        phase: "closed",
        openedAt: 0,
        consecutive: 0,
        outcomes: [],
        probes: 0,
        latencies: [],
        latencyIndex: 0,
      };
      states.set(model, s);
    }
    return s;
  }

  function push(s: State, ok: boolean): void {
    s.outcomes.push(ok);
    if (s.outcomes.length > windowSize) s.outcomes.shift();
  }

  function open(model: string, s: State): void {
    notify(model, "open");
    s.phase = "open";
    s.openedAt = clock();
    s.probes = 0;
    cached = null;
  }

  /** Open breakers whose cooldown passed become half-open. */
  function phaseOf(model: string, s: State): State["phase"] {
    if (s.phase === "open" && clock() - s.openedAt >= cooldownMs) {
      notify(model, "half_open");
      s.phase = "half_open";
      s.probes = 0;
      cached = null;
    }
    return s.phase;
  }

  return {
    tryAcquire(model) {
      const s = states.get(model);
      if (!s) return true;
      const phase = phaseOf(model, s);
      if (phase === "closed") return true;
      if (phase === "open" || s.probes >= maxProbes) return false;
      s.probes += 1;
      return true;
    },
    recordSuccess(model, latencyMs) {
      const s = stateOf(model);
      if (s.latencies.length < maxLatencies) s.latencies.push(latencyMs);
      else s.latencies[s.latencyIndex] = latencyMs;
      s.latencyIndex = (s.latencyIndex + 1) % maxLatencies;
      s.consecutive = 0;
      if (s.phase !== "closed") {
        notify(model, "closed");
        s.phase = "closed";
        s.outcomes = [];
        s.probes = 0;
        cached = null;
      }
      push(s, true);
    },
    recordFailure(model, errorClass) {
      if (!BREAKER_ERROR_CLASSES.has(errorClass)) {
        this.release(model);
        return;
      }
      const s = stateOf(model);
      s.consecutive += 1;
      push(s, false);
      if (s.phase === "half_open") return open(model, s);
      if (s.phase === "open") return;
      const failures = s.outcomes.filter((ok) => !ok).length;
      const rateTripped =
        s.outcomes.length >= minSamples && failures / s.outcomes.length >= maxRate;
      if (s.consecutive >= maxConsecutive || rateTripped) open(model, s);
    },
    release(model) {
      const s = states.get(model);
      if (s && s.phase === "half_open" && s.probes > 0) s.probes -= 1;
    },
    health() {
      // Let expired cooldowns show as half-open before reusing the cache.
      for (const [model, s] of states) phaseOf(model, s);
      if (cached && clock() - cachedAt < 1000) return cached;
      const map = new Map<string, ModelHealth>();
      for (const [model, s] of states) {
        const sorted = [...s.latencies].sort((a, b) => a - b);
        const failures = s.outcomes.filter((ok) => !ok).length;
        map.set(model, {
          breaker: s.phase,
          p50LatencyMs: percentile(sorted, 0.5),
          p95LatencyMs: percentile(sorted, 0.95),
          errorRate: s.outcomes.length === 0 ? 0 : failures / s.outcomes.length,
        });
      }
      cached = map;
      cachedAt = clock();
      return map;
    },
    reset() {
      for (const [model, s] of states) if (s.phase !== "closed") notify(model, "closed");
      states.clear();
      cached = null;
    },
  };
}
