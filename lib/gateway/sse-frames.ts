/** SSE frames the gateway writes besides the upstream's own chunks. */
import { toOpenAIError, type AppError } from "@/lib/errors";
import type { ChatCompletionChunk } from "@/lib/schemas/openai-chat";
import type { Usage } from "@/lib/providers/types";

export const SSE_DONE = "data: [DONE]\n\n";

/** The text a chunk adds (content, or tool-call arguments). */
export function chunkText(chunk: ChatCompletionChunk): string {
  let text = "";
  for (const choice of chunk.choices) {
    if (typeof choice.delta.content === "string") text += choice.delta.content;
    for (const call of choice.delta.tool_calls ?? []) text += call.function?.arguments ?? "";
  }
  return text;
}

/** OpenAI's final usage chunk (`choices: []`), sent when `stream_options.include_usage` is on. */
export function formatUsageChunk(
  last: ChatCompletionChunk | null,
  model: string,
  usage: Usage,
): string {
  const chunk = {
    id: last?.id ?? "chatcmpl-switchboard",
    object: "chat.completion.chunk",
    created: last?.created ?? Math.floor(Date.now() / 1000),
    model: last?.model ?? model,
    choices: [],
    usage: {
      prompt_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
      prompt_tokens_details: { cached_tokens: usage.cachedTokens },
    },
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** The in-band error event that ends a failed stream (never followed by `[DONE]`). */
export function formatErrorFrame(error: AppError, errorClass: string): string {
  const body = toOpenAIError(error, "").body as { error: Record<string, unknown> };
  return `data: ${JSON.stringify({ error: { ...body.error, upstream_error_class: errorClass } })}\n\n`;
}
