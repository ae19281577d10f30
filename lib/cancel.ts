/**
 * Request-scoped cancellation without `EventTarget`. Every `/v1` request needs a signal that
 * aborts when the client goes away (the gateway then closes the upstream socket and releases the
 * attempt), but almost no request is ever aborted. Node's `AbortController` pays for the general
 * case on every request: its signal is an `EventTarget` (created on first access to `.signal`,
 * ~1.8% of the fast path's CPU in a perf profile), and `addEventListener`/`removeEventListener`
 * each allocate and walk listener bookkeeping. `Cancellation` keeps the part of the
 * `AbortSignal` contract the gateway and the providers use: `aborted`, `reason`, and abort
 * listeners that run at most once, in the order they were added.
 *
 * Every function that only listens takes a `CancelSignal`, which a real `AbortSignal` also
 * satisfies (tests and the Web transport may pass one).
 */

/** The part of `AbortSignal` the gateway and the provider adapters rely on. */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** The default reason, as `AbortController.abort()` gives it. */
function abortError(): DOMException {
  return new DOMException("This operation was aborted", "AbortError");
}

/** The signal's reason, or an `AbortError` when it carries none. */
export function abortReason(signal: CancelSignal): unknown {
  return signal.reason ?? abortError();
}

/**
 * A controller that is its own signal. Listeners added after the abort are never called (as
 * with `AbortSignal`); each listener runs once; a listener that throws does not stop the rest.
 */
export class Cancellation implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: (() => void)[] | null = null;

  get signal(): CancelSignal {
    return this;
  }

  addEventListener(_type: "abort", listener: () => void, _options?: { once?: boolean }): void {
    if (this.aborted) return;
    if (this.listeners === null) this.listeners = [listener];
    else this.listeners.push(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    const list = this.listeners;
    if (list === null) return;
    const i = list.lastIndexOf(listener);
    if (i !== -1) list.splice(i, 1);
  }

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? abortError();
    const list = this.listeners;
    this.listeners = null;
    if (list === null) return;
    for (const listener of list) {
      try {
        listener();
      } catch {
        // As with EventTarget: one failing listener does not keep the others from running.
      }
    }
  }
}

/** A `Cancellation` that also aborts (with the parent's reason) when `parent` aborts. */
export function linkedCancellation(parent: CancelSignal): Cancellation {
  const cancellation = new Cancellation();
  if (parent.aborted) cancellation.abort(abortReason(parent));
  else
    parent.addEventListener("abort", () => cancellation.abort(abortReason(parent)), { once: true });
  return cancellation;
}
