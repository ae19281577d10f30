/**
 * One upstream request as an undici dispatch handler that is also the `UpstreamResponse` the
 * caller gets once headers arrive: deadline and abort wiring and the retry of a request a pooled
 * socket lost; the body (collected as chunks for `readBody` or pushed into a stream when a caller
 * streams) is the `ExchangeBody` it extends (exchange-body.ts). Methods rather than closures: per
 * request only this object, its dispatch options and the promise are allocated.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Dispatcher } from "undici";
import { abortReason } from "@/lib/cancel";
import { ProviderError } from "../errors";
import { ExchangeBody, toError } from "./exchange-body";
import type { Target, UpstreamClient } from "./pool";
import {
  classifySocketError,
  codeOf,
  parseHeaders,
  type SendRequestOptions,
  type UpstreamResponse,
} from "./types";

const ONCE = { once: true } as const;

function onDeadline(ex: Exchange): void {
  ex.destroy(ex.deadlineError());
}

function redispatch(ex: Exchange): void {
  if (ex.failure() === undefined) ex.dispatch();
}

/**
 * One upstream request: the undici dispatch handler, the deadline and abort wiring, and (once the
 * headers arrived) the `UpstreamResponse` itself. Methods rather than closures: nothing is
 * allocated per request beyond this object, the dispatch options and the promise.
 */
export class Exchange
  extends ExchangeBody
  implements UpstreamResponse, Dispatcher.DispatchHandlers
{
  status = 0;
  headers: IncomingHttpHeaders = {};
  /** The connection this request is queued on, until it finished there. */
  private client: UpstreamClient | null = null;
  readonly request: Dispatcher.DispatchOptions;
  private connected = false;
  private reused = false;
  /** The `sendRequest` promise settled. */
  private answered = false;
  private timer: NodeJS.Timeout | undefined;
  private deadlineMs: number;
  private stalled = false;
  private onAbort: (() => void) | null = null;
  /** The request was sent a second time (after a reused socket was reset): not again. */
  private retried = false;

  constructor(
    readonly target: Target,
    private readonly options: SendRequestOptions,
    private readonly resolve: (res: UpstreamResponse) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    super();
    this.request = {
      path: target.path,
      method: "POST",
      headers: options.headers,
      body: options.body,
    };
    this.deadlineMs = options.timeoutMs;
    this.timer = setTimeout(onDeadline, options.timeoutMs, this);
    const signal = options.signal;
    if (signal) {
      // A function listener: the gateway's `Cancellation` does not take listener objects.
      this.onAbort = () => this.destroy(abortReason(signal));
      signal.addEventListener("abort", this.onAbort, ONCE);
    }
  }

  dispatch(): void {
    const client = this.target.pool.acquire();
    this.client = client;
    client.dispatch(this.request, this);
  }

  private release(): void {
    const client = this.client;
    if (client === null) return;
    this.client = null;
    this.target.pool.release(client);
  }

  // --- undici handler ---

  onConnect(abort: (err?: Error) => void): void {
    // Destroyed while it waited for a connection: give the connection back at once.
    if (this.failed !== undefined) return abort(toError(this.failed));
    this.abortTransport = abort;
    this.connected = true;
    this.reused = this.client !== null && this.client.writes++ > 0;
  }

  onHeaders(status: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (status < 200) return true; // informational: the final answer follows
    this.status = status;
    this.headers = parseHeaders(rawHeaders);
    this.resume = resume;
    this.answered = true;
    this.resolve(this);
    return true;
  }

  onComplete(): void {
    this.finished = true;
    this.abortTransport = null;
    this.release();
    if (this.stream) this.stream.push(null);
    else if (this.reading) this.finishRead();
  }

  onError(err: Error): void {
    this.finished = true;
    this.abortTransport = null;
    this.release();
    if (this.answered) {
      // The body was cut (socket closed, or destroyed by the deadline, an abort or the caller).
      const cause = this.failed ?? err;
      this.bodyError = cause;
      if (this.stream) this.stream.destroy(cause instanceof Error ? cause : undefined);
      else if (this.reading) this.failRead(cause);
      return;
    }
    if (this.failed === undefined && this.mayRetry(codeOf(err))) {
      // A pooled socket the server had just closed: retrying once on a fresh socket is safe.
      this.retried = true;
      this.finished = false;
      this.connected = false;
      this.reused = false;
      this.timer?.refresh();
      process.nextTick(redispatch, this);
      return;
    }
    this.answered = true;
    this.cleanup();
    // A header undici refuses: a configuration error, rejected as is (node:http threw it).
    if (this.failed === undefined && codeOf(err) === "UND_ERR_INVALID_ARG") return this.reject(err);
    this.reject(classifySocketError(this.failed ?? err, this.connected, this.options.secret));
  }

  private mayRetry(code: unknown): boolean {
    if (this.retried || !this.reused) return false;
    // undici reports a socket the server closed before answering as UND_ERR_SOCKET.
    return code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_SOCKET";
  }

  // --- UpstreamResponse: the deadline ---

  refreshDeadline(): void {
    this.timer?.refresh();
  }

  setDeadline(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.deadlineMs = ms;
    this.stalled = true;
    this.timer = setTimeout(onDeadline, ms, this);
  }

  clearDeadline(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  override destroy(reason?: unknown): void {
    const done = this.finished && (this.stream === null || this.stream.destroyed);
    // After the whole exchange ended there is nothing to destroy: skip building an Error.
    if (this.failed === undefined && (reason !== undefined || !done)) {
      this.failed = reason ?? new Error("closed by caller");
    }
    this.cleanup();
    if (!this.answered && !this.connected) {
      // Still waiting for a connection: answer now; `onConnect` gives the request up if it comes.
      this.answered = true;
      this.finished = true;
      this.reject(classifySocketError(this.failed, false, this.options.secret));
      return;
    }
    if (this.abortTransport) this.abortTransport(toError(this.failed));
    if (this.stream && !this.stream.destroyed) this.stream.destroy();
  }

  // --- internals ---

  deadlineError(): ProviderError {
    return this.stalled
      ? new ProviderError("timeout", `upstream stalled for ${this.deadlineMs} ms`)
      : new ProviderError("timeout", `upstream did not answer within ${this.deadlineMs} ms`);
  }

  protected override cleanup(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.onAbort) this.options.signal?.removeEventListener("abort", this.onAbort);
  }
}
