import type { IncomingMessage, ServerResponse } from "node:http";
import type { PlannedAnswer } from "./answers";
import type { FaultSpec } from "./faults";
import type { WireFormat, WireFrame } from "./wire";

export interface PlayContext {
  req: IncomingMessage;
  res: ServerResponse;
  wire: WireFormat;
  answer: PlannedAnswer;
  model: string;
  stream: boolean;
  /** OpenAI sends the usage chunk only when asked; Anthropic always. */
  streamUsage: boolean;
  fault: FaultSpec | undefined;
  /** Called when the fake itself destroys the socket (so it is not counted as a client abort). */
  onServerDestroy(): void;
}

const SSE_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache" };
const JSON_HEADERS = { "content-type": "application/json" };

function defaultCode(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "api_error";
  return "invalid_request_error";
}

function destroy(ctx: PlayContext): void {
  ctx.onServerDestroy();
  ctx.req.socket.destroy();
}

/** Writes the frames; applies a token-indexed fault after `after` content frames. */
function playFrames(ctx: PlayContext, frames: WireFrame[]): void {
  const { res, fault } = ctx;
  const tokenFault =
    fault && ["cut-after", "stall-after", "error-event", "malformed"].includes(fault.mode)
      ? fault
      : undefined;
  const delay = ctx.answer.tokenDelayMs;
  if (!tokenFault && delay === 0) {
    res.end(frames.map((f) => f.text).join(""));
    return;
  }
  let i = 0;
  let contentSent = 0;
  const step = (): void => {
    if (res.destroyed) return;
    let batch = "";
    while (i < frames.length) {
      const frame = frames[i] as WireFrame;
      if (tokenFault && frame.content && contentSent >= (tokenFault.after ?? 0)) break;
      batch += frame.text;
      i++;
      if (frame.content) {
        contentSent++;
        if (delay > 0) break;
      }
    }
    const next = frames[i];
    if (tokenFault && next?.content && contentSent >= (tokenFault.after ?? 0)) {
      // The frames before the fault and the fault itself leave in one write (one TCP segment),
      // so a client reads them in one chunk: what a real upstream does when it fails fast.
      applyTokenFault(ctx, tokenFault, batch);
      return;
    }
    if (batch) res.write(batch);
    if (i >= frames.length) return void res.end();
    setTimeout(step, delay);
  };
  step();
}

function applyTokenFault(ctx: PlayContext, fault: FaultSpec, before: string): void {
  const { res, wire } = ctx;
  if (fault.mode === "error-event") {
    res.end(
      before + wire.errorFrame(fault.code ?? "overloaded_error", fault.message ?? "Overloaded"),
    );
    return;
  }
  if (fault.mode === "malformed") return void res.end(before + "data: {this is not json\n\n");
  if (before) res.write(before);
  if (fault.mode === "cut-after") setImmediate(() => destroy(ctx));
  // stall-after: write nothing more; the client's timeout (or close) ends it.
}

function playJson(ctx: PlayContext): void {
  const { res, fault, wire } = ctx;
  const body = wire.body(ctx.answer, ctx.model, fault?.mode !== "no-usage");
  if (!fault || fault.mode === "no-usage" || fault.mode === "delay") {
    res.writeHead(200, JSON_HEADERS).end(body);
    return;
  }
  if (fault.mode === "error-event") {
    const code = fault.code ?? "overloaded_error";
    res.writeHead(500, JSON_HEADERS).end(wire.errorBody(code, fault.message ?? "Overloaded"));
  } else if (fault.mode === "malformed") {
    res.writeHead(200, JSON_HEADERS).end("{this is not json");
  } else {
    res.writeHead(200, { ...JSON_HEADERS, "content-length": Buffer.byteLength(body) });
    res.write(body.slice(0, Math.floor(body.length / 2)));
    if (fault.mode === "cut-after") setImmediate(() => destroy(ctx));
  }
}

/** Answers one request according to its fault (or normally). */
export function play(ctx: PlayContext): void {
  const { res, fault, wire } = ctx;
  if (fault?.mode === "delay") {
    const timer = setTimeout(() => play({ ...ctx, fault: undefined }), fault.ms ?? 100);
    res.once("close", () => clearTimeout(timer));
    return;
  }
  switch (fault?.mode) {
    case "reset":
      return destroy(ctx);
    case "status": {
      const status = fault.status ?? 500;
      const headers: Record<string, string> = { ...JSON_HEADERS };
      if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
      const code = fault.code ?? defaultCode(status);
      res
        .writeHead(status, headers)
        .end(wire.errorBody(code, fault.message ?? `fake ${status} (${code})`));
      return;
    }
    case "redirect":
      res
        .writeHead(fault.status ?? 302, { location: "http://169.254.169.254/latest/meta-data" })
        .end();
      return;
    case "stall-headers":
      res.writeHead(200, ctx.stream ? SSE_HEADERS : JSON_HEADERS);
      res.flushHeaders();
      return;
    case "keepalive": {
      res.writeHead(200, ctx.stream ? SSE_HEADERS : JSON_HEADERS);
      res.flushHeaders();
      const tick = setInterval(
        () => res.write(ctx.stream ? ": keep-alive\n\n" : "\n"),
        fault.ms ?? 20,
      );
      res.once("close", () => clearInterval(tick));
      return;
    }
    default:
      break;
  }
  if (!ctx.stream) return playJson(ctx);
  res.writeHead(200, SSE_HEADERS);
  const usage = ctx.streamUsage && fault?.mode !== "no-usage";
  playFrames(ctx, wire.frames(ctx.answer, ctx.model, usage));
}
