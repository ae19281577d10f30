/**
 * One upstream request as an undici dispatch handler that is also the `UpstreamResponse` the
 * caller gets once headers arrive: deadline and abort wiring, the retry of a request a pooled
 * socket lost, and the body, collected as chunks for `readBody` or pushed into a stream when a
 * caller streams. Methods rather than closures: per request only this object, its dispatch options
 * and the promise are allocated.
 */
import type { IncomingHttpHeaders } from "node:http";
import { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import { abortReason } from "@/lib/cancel";
import { ProviderError } from "./errors";
import type { Target, UpstreamClient } from "./upstream-pool";
import {
  classifySocketError,
  codeOf,
  parseHeaders,
  type SendRequestOptions,
  type UpstreamResponse,
} from "./upstream-types";

const ONCE = { once: true } as const;
/** Chunks held before the caller chose `readBody` or the stream; past this the socket pauses. */
const BUFFER_BYTES = 64 * 1024;
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

function onDeadline(ex: Exchange): void {
  ex.destroy(ex.deadlineError());
}

function redispatch(ex: Exchange): void {
  if (ex.failure() === undefined) ex.dispatch();
}

/** The body as a stream, built only when a caller asks for it. */
class UpstreamBody extends Readable {
  constructor(private readonly exchange: Exchange) {
    super({ highWaterMark: BUFFER_BYTES });
  }

  override _read(): void {
    this.exchange.resumeTransport();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.exchange.bodyClosed(err);
    callback(err);
  }
}

/**
 * One upstream request: the undici dispatch handler, the deadline and abort wiring, and (once the
 * headers arrived) the `UpstreamResponse` itself. Methods rather than closures: nothing is
 * allocated per request beyond this object, the dispatch options and the promise.
 */
export class Exchange implements UpstreamResponse, Dispatcher.DispatchHandlers {
  status = 0;
  headers: IncomingHttpHeaders = {};
  /** The connection this request is queued on, until it finished there. */
  private client: UpstreamClient | null = null;
  readonly request: Dispatcher.DispatchOptions;
  private abortTransport: ((err?: Error) => void) | null = null;
  private failed: unknown = undefined;
  private connected = false;
  private reused = false;
  /** The `sendRequest` promise settled. */
  private answered = false;
  /** The transport finished: the body ended, or the request failed or was aborted. */
  private finished = false;
  private bodyError: unknown = undefined;
  private paused = false;
  private resume: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;
  private deadlineMs: number;
  private stalled = false;
  private chunks: Buffer[] = [];
  private size = 0;
  private stream: UpstreamBody | null = null;
  private reading = false;
  private secret: string | null = null;
  private readResolve: ((text: string) => void) | null = null;
  private readReject: ((err: unknown) => void) | null = null;
  private onAbort: (() => void) | null = null;
  /** The request was sent a second time (after a reused socket was reset): not again. */
  private retried = false;

  constructor(
    readonly target: Target,
    private readonly options: SendRequestOptions,
    private readonly resolve: (res: UpstreamResponse) => void,
    private readonly reject: (err: unknown) => void,
  ) {
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

  onData(chunk: Buffer): boolean {
    if (this.stream) {
      if (this.stream.push(chunk)) return true;
      this.paused = true;
      return false;
    }
    this.size += chunk.length;
    if (this.reading && this.size > MAX_BODY_BYTES) {
      this.failRead(new ProviderError("server_error", "upstream response body too large"));
      this.destroy();
      return true;
    }
    this.chunks.push(chunk);
    if (this.reading || this.size < BUFFER_BYTES) return true;
    this.paused = true;
    return false;
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

  // --- UpstreamResponse ---

  streamed(): boolean {
    return this.stream !== null;
  }

  get body(): Readable {
    return this.stream ?? this.openStream();
  }

  failure(): unknown {
    return this.failed;
  }

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

  destroy(reason?: unknown): void {
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

  resumeTransport(): void {
    if (!this.paused) return;
    this.paused = false;
    this.resume?.();
  }

  bodyClosed(err: Error | null): void {
    // A reader that stops early (or ends) releases the transport, as node:http did on close.
    if (this.abortTransport) this.abortTransport(err ?? toError(this.failed));
    this.cleanup();
  }

  private cleanup(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.onAbort) this.options.signal?.removeEventListener("abort", this.onAbort);
  }

  private openStream(): UpstreamBody {
    const stream = new UpstreamBody(this);
    this.stream = stream;
    for (const chunk of this.chunks) stream.push(chunk);
    this.chunks = [];
    if (this.bodyError !== undefined) {
      const cause = this.bodyError;
      stream.destroy(cause instanceof Error ? cause : undefined);
    } else if (this.finished) stream.push(null);
    return stream;
  }

  /** `readBody`: resolves at once when the body already ended (the usual case for JSON). */
  read(secret: string | null): Promise<string> {
    this.secret = secret;
    // Unread chunks are capped at BUFFER_BYTES (the socket pauses), far below MAX_BODY_BYTES.
    if (this.finished) {
      const failure = this.failed ?? this.bodyError;
      if (failure !== undefined) return Promise.reject(this.readError(failure));
      this.cleanup();
      return Promise.resolve(this.text());
    }
    return new Promise<string>((resolve, reject) => {
      this.readResolve = resolve;
      this.readReject = reject;
      this.reading = true;
      this.resumeTransport();
    });
  }

  private text(): string {
    const chunks = this.chunks;
    this.chunks = [];
    return chunks.length === 1
      ? (chunks[0] as Buffer).toString("utf8")
      : Buffer.concat(chunks, this.size).toString("utf8");
  }

  private readError(cause: unknown): unknown {
    this.cleanup();
    return classifySocketError(cause, true, this.secret);
  }

  private finishRead(): void {
    if (this.failed !== undefined) return this.failRead(this.failed);
    const resolve = this.readResolve;
    if (!resolve) return;
    this.readResolve = this.readReject = null;
    this.cleanup();
    resolve(this.text());
  }

  private failRead(cause: unknown): void {
    const reject = this.readReject;
    if (!reject) return;
    this.readResolve = this.readReject = null;
    reject(this.readError(cause));
  }
}

function toError(reason: unknown): Error | undefined {
  return reason instanceof Error ? reason : undefined;
}
