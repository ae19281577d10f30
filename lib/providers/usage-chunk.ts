import type { ChatCompletionChunk } from "../schemas/openai-chat";
import type { Usage } from "./types";

/** The final usage-only chunk OpenAI sends when `stream_options.include_usage` is set. */
export function createUsageChunk(
  id: string,
  model: string,
  created: number,
  usage: Usage,
): ChatCompletionChunk {
  return {
    id,
    object: "chat.completion.chunk",
    created,
    model,
    choices: [],
    usage: {
      prompt_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
      prompt_tokens_details: { cached_tokens: usage.cachedTokens },
    },
  };
}
