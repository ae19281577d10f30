import { abortReason, type CancelSignal } from "@/lib/cancel";
import { ProviderError } from "../errors";
import type {
  ChatCompletionChunk,
  ChatCompletionResponse,
  ChunkDelta,
  FinishReason,
} from "../../schemas/openai-chat";
import type {
  CompletionResult,
  CompletionStream,
  ProviderAdapter,
  ProviderCall,
  StreamEvent,
  Usage,
} from "../types";
import { countTokensNow } from "@/lib/tokens";
import { requestedTopLogprobs, simulateLogprobs } from "./logprobs";
import { planSimulation, type SimPlan } from "./plan";

/**
 * The built-in simulator: no network, deterministic by seed + model + request, cheap in CPU
 * (answers are a word bank and a schema walk; a stream with no per-token delay uses no timers).
 */

function sleep(ms: number, signal: CancelSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal as CancelSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Waits for the first token, honouring the attempt's timeout and a planned failure. */
async function awaitFirstToken(call: ProviderCall, plan: SimPlan): Promise<void> {
  const timeout = call.timeoutMs ?? call.provider.requestTimeoutMs;
  if (plan.ttftMs > timeout) {
    await sleep(timeout, call.signal);
    throw new ProviderError("timeout", `simulated upstream did not answer within ${timeout} ms`);
  }
  await sleep(plan.ttftMs, call.signal);
  if (plan.failure) throw plan.failure;
}

function usageOf(plan: SimPlan, outputTokens: number): Usage {
  return {
    inputTokens: plan.promptTokens,
    outputTokens,
    cachedTokens: 0,
    estimated: !plan.reportUsage,
  };
}

async function complete(call: ProviderCall): Promise<CompletionResult> {
  const plan = planSimulation(call);
  await awaitFirstToken(call, plan);
  await sleep(plan.msPerPiece * plan.pieces.length, call.signal);
  const text = plan.pieces.join("");
  const usage = usageOf(plan, plan.reportUsage ? plan.outputTokens : countTokensNow(text));
  const tool = plan.kind === "tool";
  const response: ChatCompletionResponse = {
    id: `chatcmpl-sim-${plan.toolId.slice(9)}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: call.model,
    choices: [
      {
        index: 0,
        message: tool
          ? {
              role: "assistant",
              content: null,
              tool_calls: [
                {
                  id: plan.toolId,
                  type: "function",
                  function: { name: plan.toolName, arguments: text },
                },
              ],
              refusal: null,
            }
          : { role: "assistant", content: text, refusal: null },
        finish_reason: plan.finishReason,
        logprobs: simulateLogprobs(plan.pieces, requestedTopLogprobs(call.request), tool),
      },
    ],
    usage: {
      prompt_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
      prompt_tokens_details: { cached_tokens: 0 },
    },
  };
  return { response, usage };
}

async function stream(call: ProviderCall): Promise<CompletionStream> {
  const plan = planSimulation(call);
  await awaitFirstToken(call, plan);
  const id = `chatcmpl-sim-${plan.toolId.slice(9)}`;
  const created = Math.floor(Date.now() / 1000);
  const top = requestedTopLogprobs(call.request);
  const chunk = (
    delta: ChunkDelta,
    finish: FinishReason | null = null,
    pieces: readonly string[] = [],
  ): ChatCompletionChunk => ({
    id,
    object: "chat.completion.chunk",
    created,
    model: call.model,
    choices: [
      {
        index: 0,
        delta,
        // As OpenAI streams them: each content chunk carries its own tokens' log probabilities.
        ...(top === null || pieces.length === 0
          ? {}
          : { logprobs: simulateLogprobs(pieces, top, plan.kind === "tool") }),
        finish_reason: finish,
      },
    ],
  });
  let sent = 0;
  let closed = false;
  const partial = (): number =>
    Math.round((plan.outputTokens * sent) / Math.max(1, plan.pieces.length));

  async function* run(): AsyncGenerator<StreamEvent> {
    yield { type: "chunk", chunk: chunk({ role: "assistant", content: "" }), isContent: false };
    if (plan.kind === "tool") {
      const start = {
        index: 0,
        id: plan.toolId,
        type: "function" as const,
        function: { name: plan.toolName, arguments: "" },
      };
      yield { type: "chunk", chunk: chunk({ tool_calls: [start] }), isContent: true };
    }
    // Realistic chunking: 1–3 pieces per chunk, one sleep per chunk.
    for (let i = 0; i < plan.pieces.length;) {
      if (closed) return;
      const n = 1 + ((i * 7 + plan.pieces.length) % 3);
      const slice = plan.pieces.slice(i, i + n);
      const piece = slice.join("");
      i += n;
      if (plan.breakAfter !== undefined && i > plan.breakAfter) {
        throw new ProviderError("stream_interrupted", "simulated stream interruption");
      }
      await sleep(plan.msPerPiece * n, call.signal);
      sent = Math.min(i, plan.pieces.length);
      const delta: ChunkDelta =
        plan.kind === "tool"
          ? { tool_calls: [{ index: 0, function: { arguments: piece } }] }
          : { content: piece };
      yield { type: "chunk", chunk: chunk(delta, null, slice), isContent: true };
    }
    yield { type: "chunk", chunk: chunk({}, plan.finishReason), isContent: false };
    const out = plan.reportUsage ? plan.outputTokens : countTokensNow(plan.pieces.join(""));
    yield {
      type: "done",
      isContent: false,
      usage: usageOf(plan, out),
      finishReason: plan.finishReason,
    };
  }

  const iterator = run();
  return {
    [Symbol.asyncIterator]: () => iterator,
    usage: () => ({
      ...usageOf(plan, partial()),
      estimated: !plan.reportUsage || sent < plan.pieces.length,
    }),
    close: () => {
      closed = true;
      void iterator.return(undefined).catch(() => undefined);
    },
  };
}

export const simulatorAdapter: ProviderAdapter = { kind: "simulator", complete, stream };
