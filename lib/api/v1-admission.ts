/**
 * What the `/v1` fast path lets in before it reads a body: request bodies being received are
 * counted in bytes per process and per API key (a declared `Content-Length` is reserved up front,
 * a chunked body as it arrives), so a flood of large or slow bodies cannot exhaust memory. Over
 * the process cap the answer is 503, over a key's cap 429, both with `Retry-After`.
 *
 * An answer sent before the body was read (401, 413, a cap) must still reach a client that is
 * writing: closing the socket at once makes the kernel answer the client's next bytes with a
 * reset, and a client that has not read the response yet reports EPIPE/ECONNRESET instead of the
 * status. `lingerAfterResponse` half-closes after the response and reads and discards what is
 * still coming, bounded in time and bytes, before destroying the socket (nginx's lingering close).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "../errors";

export interface BodyLimits {
  /** Bytes of request bodies being received at once, per process. */
  maxBytesInFlight: number;
  /** The same, per API key. */
  maxBytesInFlightPerKey: number;
}

export interface BodyAdmission {
  /** Reserves `bytes` for `keyId`; an error (503 process cap, 429 key cap) when refused. */
  admit(keyId: string, bytes: number): AppError | null;
  release(keyId: string, bytes: number): void;
  bytesInFlight(): number;
}

const RETRY = { headers: { "retry-after": "1" } };

export function createBodyAdmission(limits: BodyLimits): BodyAdmission {
  let total = 0;
  const perKey = new Map<string, number>();
  return {
    admit(keyId, bytes) {
      if (bytes <= 0) return null;
      if (total + bytes > limits.maxBytesInFlight) {
        return new AppError(
          "service_unavailable",
          "The server is receiving too many request bodies at once; retry shortly.",
          RETRY,
        );
      }
      const mine = perKey.get(keyId) ?? 0;
      if (mine + bytes > limits.maxBytesInFlightPerKey) {
        return new AppError(
          "rate_limited",
          "This API key is sending too many request bodies at once; retry shortly.",
          RETRY,
        );
      }
      total += bytes;
      perKey.set(keyId, mine + bytes);
      return null;
    },
    release(keyId, bytes) {
      if (bytes <= 0) return;
      total = Math.max(0, total - bytes);
      const left = (perKey.get(keyId) ?? 0) - bytes;
      if (left > 0) perKey.set(keyId, left);
      else perKey.delete(keyId);
    },
    bytesInFlight: () => total,
  };
}

/** How long and how much a lingering close keeps reading after the response. */
export const LINGER_MS = 5_000;
export const LINGER_BYTES = 16 * 1024 * 1024;

/**
 * Call before writing a response to a request whose body was not (fully) read: the response says
 * `connection: close`; once it is written, the socket is half-closed and what the client is still
 * sending is read and discarded until it finishes, or for at most `LINGER_MS` / `LINGER_BYTES`.
 */
export function lingerAfterResponse(req: IncomingMessage, res: ServerResponse): void {
  res.shouldKeepAlive = false;
  if (req.complete) return;
  const socket = req.socket;
  // Discard the body as it arrives (nothing keeps it), counting it.
  let seen = 0;
  req.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > LINGER_BYTES) destroyWhenWritten();
  });
  req.resume();
  let lingering = false;
  function destroyWhenWritten(): void {
    if (socket.destroyed) return;
    if (socket.writableFinished || !lingering) socket.destroy();
    else socket.once("finish", () => socket.destroy());
  }
  req.once("end", () => {
    if (lingering) destroyWhenWritten();
  });
  // node:http ends a `connection: close` response with `destroySoon()` (FIN, then destroy once
  // written): replace it, for this socket only, with FIN-then-linger.
  socket.destroySoon = () => {
    if (socket.destroyed) return;
    lingering = true;
    socket.end();
    if (req.complete) return destroyWhenWritten();
    const timer = setTimeout(destroyWhenWritten, LINGER_MS);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
  };
}
