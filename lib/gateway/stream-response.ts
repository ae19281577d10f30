/**
 * Streaming chat completions and the streaming contract (ARCHITECTURE.md):
 * - failover until the first content token: an attempt reads its stream up to the first content
 *   event (role chunks and keep-alives are buffered, never sent), so a failure before that moves
 *   on to the next attempt and the client sees nothing of it; headers go out at commit time;
 * - cascade stages that are not the last are read in full, gated, and replayed or escalated;
 * - after commit, an upstream failure ends the stream with an in-band `data: {"error":…}` event
 *   and no `[DONE]` (decision status `mid_stream_failure`); never a silent clean end;
 * - a client disconnect closes the upstream call and bills the partial usage (`client_closed`).
 */
import { AppError } from "@/lib/errors";
import { isProviderError, ProviderError } from "@/lib/providers/errors";
import type { ChatCompletionChunk, ChatCompletionRequest } from "@/lib/schemas/openai-chat";
import type { CompletionStream, StreamEvent } from "@/lib/providers/types";
import type { PlanStep, RoutingPlan } from "@/lib/router";
import type { DecisionAttemptRecord } from "@/lib/decision-log/decision-record";
import { applyAttemptUsage } from "./attempt-record";
import { executePlan } from "./execute-plan";
import type { AttemptRunner, ExecutionDeps } from "./execution-types";
import { finishRequest, type BudgetHold } from "./finish-request";
import type { GatewayServices } from "./gateway-state";
import type { GatewayConfig } from "./load-config";
import { statusOfFailure, toExecutionError } from "./map-failure";
import { buildGatewayHeaders, type RequestTrail } from "./record-decision";
import { chunkText, formatErrorFrame, formatUsageChunk, SSE_DONE } from "./sse-frames";
import type { GatewayRequest, GatewaySseResponse } from "./types";

/** An upstream stream read up to its commit point. */
interface OpenedStream {
  stream: CompletionStream;
  iterator: AsyncIterator<StreamEvent>;
  buffered: StreamEvent[];
  /** The `done` event was already read (gated stages, or an answer without content). */
  ended: boolean;
  text: string;
}

export interface StreamChatInput {
  services: GatewayServices;
  req: GatewayRequest;
  body: ChatCompletionRequest;
  plan: RoutingPlan;
  deps: ExecutionDeps;
  trail: RequestTrail;
  config: GatewayConfig;
  hold: BudgetHold | null;
}

function createStreamRunner(input: StreamChatInput): AttemptRunner<OpenedStream> {
  const { services, body } = input;
  // Streams by attempt, from the moment the upstream answered, so a hedge loser can be closed
  // and billed at once, whether it is still reading towards its first token or already there.
  const streams = new WeakMap<DecisionAttemptRecord, CompletionStream>();
  return {
    async run(ctx) {
      const stream = await ctx.adapter.stream({
        provider: ctx.provider,
        model: ctx.step.upstreamName,
        request: body,
        signal: ctx.signal,
        allowPrivate: services.allowPrivate,
        timeoutMs: ctx.timeoutMs,
      });
      streams.set(ctx.record, stream);
      const iterator = stream[Symbol.asyncIterator]();
      const opened: OpenedStream = { stream, iterator, buffered: [], ended: false, text: "" };
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done)
            throw new ProviderError("stream_interrupted", "upstream stream ended early");
          const event = next.value;
          opened.buffered.push(event);
          if (event.type === "chunk" && ctx.gated) opened.text += chunkText(event.chunk);
          if (event.type === "done") {
            opened.ended = true;
            break;
          }
          if (event.isContent && ctx.record.ttftMs === null) {
            ctx.record.ttftMs = services.clock() - ctx.record.startedAt.getTime();
            if (!ctx.gated) break;
          }
        }
      } catch (error) {
        stream.close();
        throw error;
      }
      return opened;
    },
    answerText: (opened) => (opened.ended ? opened.text : null),
    usage: (opened) => opened.stream.usage(),
    discard: (opened) => opened.stream.close(),
    abandon(ctx) {
      const stream = streams.get(ctx.record);
      if (!stream) return null; // the upstream never answered: nothing reported, nothing billed
      stream.close();
      return stream.usage();
    },
  };
}

export async function streamChat(input: StreamChatInput): Promise<GatewaySseResponse> {
  const { plan, deps, trail, req } = input;
  const result = await executePlan(plan, createStreamRunner(input), deps, trail.log, req.signal);
  if (!result.ok) {
    trail.errorClass = result.failure.errorClass;
    trail.status = statusOfFailure(result.failure.errorClass);
    throw toExecutionError(result.failure);
  }
  trail.finalStep = result.step;
  trail.httpStatus = 200;
  // From the serving attempt (a hedge loser may also have reached its first token).
  const { ttftMs, startedAt } = result.record;
  if (ttftMs !== null) trail.ttftMs = startedAt.getTime() + ttftMs - trail.receivedAt;
  return {
    kind: "sse",
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
      ...buildGatewayHeaders(trail),
    },
    events: emitEvents(input, result.value, result.step, result.record),
  };
}

async function* emitEvents(
  input: StreamChatInput,
  opened: OpenedStream,
  step: PlanStep,
  record: DecisionAttemptRecord,
): AsyncGenerator<string> {
  const { services, req, trail, body } = input;
  const includeUsage = body.stream_options?.include_usage === true;
  const onAbort = (): void => opened.stream.close();
  req.signal.addEventListener("abort", onAbort, { once: true });
  // A graceful shutdown past its drain timeout closes the upstream: the client gets the in-band
  // error below, not a silent cut.
  const shutdown = services.lifecycle.shutdown;
  shutdown.addEventListener("abort", onAbort, { once: true });
  let last: ChatCompletionChunk | null = null;
  let outcome: "success" | "failure" | "shutdown" | "closed" = "closed";
  let failure: ProviderError | null = null;
  let captured = "";
  const capture = trail.content !== null;
  try {
    let index = 0;
    for (;;) {
      let event: StreamEvent;
      if (index < opened.buffered.length) event = opened.buffered[index++] as StreamEvent;
      else if (opened.ended)
        throw new ProviderError("stream_interrupted", "stream ended without done");
      else {
        const next = await opened.iterator.next();
        if (next.done) throw new ProviderError("stream_interrupted", "upstream stream ended early");
        event = next.value;
      }
      if (event.type === "keepalive") {
        yield ": keep-alive\n\n";
        continue;
      }
      if (event.type === "done") {
        if (includeUsage) yield formatUsageChunk(last, step.model, event.usage);
        outcome = "success";
        yield SSE_DONE;
        return;
      }
      const chunk = event.chunk;
      // Usage-only chunks are re-emitted from `done` (only when the client asked for usage).
      if (chunk.choices.length === 0 && chunk.usage) continue;
      if (chunk.usage !== undefined) delete chunk.usage;
      last = chunk;
      if (capture) captured += chunkText(chunk);
      yield `data: ${JSON.stringify(chunk)}\n\n`;
    }
  } catch (error) {
    if (req.signal.aborted) return;
    outcome = "failure";
    if (shutdown.aborted) {
      outcome = "shutdown";
      failure = new ProviderError("stream_interrupted", "server shutting down");
      yield formatErrorFrame(
        new AppError(
          "service_unavailable",
          "The server is shutting down; the answer is incomplete. Retry the request.",
        ),
        failure.errorClass,
      );
      return;
    }
    failure = isProviderError(error)
      ? error
      : new ProviderError("stream_interrupted", "stream failed");
    yield formatErrorFrame(
      new AppError(
        "upstream_error",
        "The upstream stream failed after it started; the answer is incomplete.",
      ),
      failure.errorClass,
    );
  } finally {
    req.signal.removeEventListener("abort", onAbort);
    shutdown.removeEventListener("abort", onAbort);
    opened.stream.close();
    const usage = opened.stream.usage();
    applyAttemptUsage(record, step, usage);
    record.durationMs = services.clock() - record.startedAt.getTime();
    trail.usageEstimated = usage.estimated;
    if (outcome === "success") {
      trail.status = "success";
    } else if ((outcome === "failure" || outcome === "shutdown") && failure) {
      record.outcome = "error";
      record.errorClass = failure.errorClass;
      trail.status = "mid_stream_failure";
      trail.errorClass = failure.errorClass;
      // Our own shutdown says nothing about the model's health.
      if (outcome === "failure") services.breakers.recordFailure(step.model, failure.errorClass);
    } else {
      record.outcome = "cancelled";
      trail.status = "client_closed";
      trail.errorClass = "client_closed";
    }
    if (
      capture &&
      trail.content !== null &&
      typeof trail.content === "object" &&
      !Array.isArray(trail.content)
    ) {
      trail.content.response = captured;
    }
    finishRequest(services, trail, input.config.models, input.hold);
  }
}
