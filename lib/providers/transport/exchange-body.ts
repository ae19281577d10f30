/**
 * The body half of an upstream exchange: chunks collected for `readBody`, or pushed into a stream
 * built only when a caller streams, with back-pressure on the socket. `Exchange` (exchange.ts)
 * extends it with the dispatch, deadline and abort half; a base class rather than a separate
 * object so a request still allocates only the one exchange.
 */
import { Readable } from "node:stream";
import { ProviderError } from "../errors";
import { classifySocketError } from "./types";

/** Chunks held before the caller chose `readBody` or the stream; past this the socket pauses. */
const BUFFER_BYTES = 64 * 1024;
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** The body as a stream, built only when a caller asks for it. */
class UpstreamBody extends Readable {
  constructor(private readonly exchange: ExchangeBody) {
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

export abstract class ExchangeBody {
  protected abortTransport: ((err?: Error) => void) | null = null;
  protected failed: unknown = undefined;
  /** The transport finished: the body ended, or the request failed or was aborted. */
  protected finished = false;
  protected bodyError: unknown = undefined;
  private paused = false;
  protected resume: (() => void) | null = null;
  private chunks: Buffer[] = [];
  private size = 0;
  protected stream: UpstreamBody | null = null;
  protected reading = false;
  private secret: string | null = null;
  private readResolve: ((text: string) => void) | null = null;
  private readReject: ((err: unknown) => void) | null = null;

  /** Destroys the socket (idempotent). */
  abstract destroy(reason?: unknown): void;

  /** Stops the deadline timer and the abort listener. */
  protected abstract cleanup(): void;

  // --- undici handler: the body ---

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

  // --- UpstreamResponse: the body ---

  streamed(): boolean {
    return this.stream !== null;
  }

  get body(): Readable {
    return this.stream ?? this.openStream();
  }

  failure(): unknown {
    return this.failed;
  }

  // --- internals ---

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

  protected finishRead(): void {
    if (this.failed !== undefined) return this.failRead(this.failed);
    const resolve = this.readResolve;
    if (!resolve) return;
    this.readResolve = this.readReject = null;
    this.cleanup();
    resolve(this.text());
  }

  protected failRead(cause: unknown): void {
    const reject = this.readReject;
    if (!reject) return;
    this.readResolve = this.readReject = null;
    reject(this.readError(cause));
  }
}

export function toError(reason: unknown): Error | undefined {
  return reason instanceof Error ? reason : undefined;
}
