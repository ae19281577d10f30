import { classifyErrorType, ProviderError } from "./errors";
import type { StreamAccount } from "./completion-stream";
import { conformChunk } from "./openai-conform";
import type { ChatCompletionChunk, CompletionUsage } from "../schemas/openai-chat";
import type { SseEvent } from "./sse";
import type { StreamEvent } from "./types";

function readUsage(usage: CompletionUsage, account: StreamAccount): void {
  account.inputTokens = usage.prompt_tokens;
  account.outputTokens = usage.completion_tokens;
  account.cachedTokens = usage.prompt_tokens_details?.cached_tokens ?? 0;
}

/** Translates OpenAI-style SSE `data:` events (already the canonical shape) into stream events. */
export function translateOpenAiEvent(
  event: SseEvent,
  out: StreamEvent[],
  account: StreamAccount,
): boolean {
  const data = event.data;
  if (data === "[DONE]") return true;
  let chunk: ChatCompletionChunk & { error?: { message?: string; type?: string; code?: string } };
  try {
    chunk = JSON.parse(data) as typeof chunk;
  } catch {
    throw new ProviderError("stream_interrupted", "upstream sent a malformed stream event");
  }
  if (chunk === null || typeof chunk !== "object") {
    throw new ProviderError("stream_interrupted", "upstream sent a malformed stream event");
  }
  if (chunk.error) {
    const type = chunk.error.code || chunk.error.type || "";
    const message = chunk.error.message ?? "";
    throw new ProviderError(classifyErrorType(type, message), `upstream stream error: ${message}`, {
      upstreamCode: type,
    });
  }
  if (!Array.isArray(chunk.choices)) {
    throw new ProviderError("stream_interrupted", "upstream sent a stream event without choices");
  }
  if (chunk.usage) {
    readUsage(chunk.usage, account);
    // Usage is reported once, in the final `done` event; the gateway decides whether to emit it.
    chunk.usage = undefined;
  }
  conformChunk(chunk);
  if (chunk.choices.length === 0) return false;
  let isContent = false;
  for (const choice of chunk.choices) {
    const delta = choice.delta;
    if (delta) {
      if (typeof delta.content === "string" && delta.content !== "") {
        account.output += delta.content;
        isContent = true;
      }
      if (delta.tool_calls && delta.tool_calls.length > 0) {
        for (const call of delta.tool_calls) {
          account.output += (call.function?.name ?? "") + (call.function?.arguments ?? "");
        }
        isContent = true;
      }
      if (typeof delta.refusal === "string" && delta.refusal !== "") isContent = true;
    }
    if (choice.finish_reason) account.finishReason = choice.finish_reason;
  }
  out.push({ type: "chunk", chunk, isContent });
  return false;
}
