/**
 * The gateway's part of a graceful shutdown (SIGTERM): the transport counts requests in flight
 * (`begin`/`end`); `drain` marks the process as draining (readiness answers 503, the fast path
 * refuses new requests with a 503), waits for the requests in flight up to a timeout, then aborts
 * `shutdown`, which ends every stream still running with the in-band error event (never a silent
 * cut), and waits for those to finish their bookkeeping (settle, decision) before resolving.
 */
import { Cancellation, type CancelSignal } from "@/lib/cancel";
import { processSingleton } from "@/lib/process-registry";

export interface DrainResult {
  /** Requests that finished on their own during the drain. */
  finished: number;
  /** Requests still running at the timeout (their streams got the in-band error). */
  cut: number;
  /** Requests that had not finished even after being cut (left to the process exit). */
  abandoned: number;
}

export interface GatewayLifecycle {
  readonly draining: boolean;
  /** Aborted when the drain timeout passes: streams still running end with the in-band error. */
  readonly shutdown: CancelSignal;
  /** Requests currently in flight on the counting transport. */
  inFlight(): number;
  begin(): void;
  end(): void;
  /**
   * Stops admitting, waits up to `timeoutMs` for requests in flight, then cuts the rest and waits
   * up to `cutGraceMs` for them to record themselves.
   */
  drain(options: { timeoutMs: number; cutGraceMs?: number }): Promise<DrainResult>;
}

export function createGatewayLifecycle(): GatewayLifecycle {
  const shutdown = new Cancellation();
  let draining = false;
  let active = 0;
  let waiters: (() => void)[] = [];

  function settleWaiters(): void {
    if (active !== 0) return;
    const list = waiters;
    waiters = [];
    for (const w of list) w();
  }

  /** Resolves true when nothing is in flight, false after `ms`. */
  function idle(ms: number): Promise<boolean> {
    if (active === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiters = waiters.filter((w) => w !== done);
        resolve(false);
      }, ms);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      waiters.push(done);
    });
  }

  return {
    get draining() {
      return draining;
    },
    shutdown,
    inFlight: () => active,
    begin() {
      active += 1;
    },
    end() {
      active = Math.max(0, active - 1);
      settleWaiters();
    },
    async drain({ timeoutMs, cutGraceMs = 5_000 }) {
      draining = true;
      const before = active;
      if (await idle(timeoutMs)) return { finished: before, cut: 0, abandoned: 0 };
      const cut = active;
      shutdown.abort(new Error("server shutting down"));
      await idle(cutGraceMs);
      return { finished: Math.max(0, before - cut), cut, abandoned: active };
    },
  };
}

/** The process-wide lifecycle (the fast path, `/api/ready` and `npm start` share it). */
export function getGatewayLifecycle(): GatewayLifecycle {
  return processSingleton("gateway-lifecycle", createGatewayLifecycle);
}
