import type {
  ChatCompletionChunk,
  ChatCompletionResponse,
  CompletionUsage,
} from "../schemas/openai-chat";

/**
 * OpenAI's answers always carry some fields that OpenAI-compatible servers (vLLM, Ollama, older
 * proxies) leave out or send as `null` where OpenAI's schema says an object or a string; strict
 * clients and typed decoders reject such answers. These helpers bring an upstream answer to
 * OpenAI's published shape without touching what it did say.
 */

function conformUsage(usage: CompletionUsage | null | undefined): boolean {
  if (usage === null || typeof usage !== "object") return false;
  let changed = false;
  // The schema types the detail objects as objects, not nullable: absent is the honest "unknown".
  if (usage.prompt_tokens_details === null) {
    usage.prompt_tokens_details = undefined;
    changed = true;
  }
  if (usage.completion_tokens_details === null) {
    usage.completion_tokens_details = undefined;
    changed = true;
  }
  return changed;
}

/**
 * Fills `logprobs: null` on each choice and `refusal: null` (and `content: null`) on each message
 * when absent, and drops a `null` `system_fingerprint` (a string in the schema). Returns whether
 * anything changed, so an answer that already conforms can be forwarded as the upstream's text.
 */
export function conformResponse(response: ChatCompletionResponse): boolean {
  let changed = false;
  for (const choice of response.choices) {
    if (choice === null || typeof choice !== "object") continue;
    if (choice.logprobs === undefined) {
      choice.logprobs = null;
      changed = true;
    }
    const message = choice.message as Partial<ChatCompletionResponse["choices"][number]["message"]>;
    if (message !== null && typeof message === "object") {
      if (message.refusal === undefined) {
        message.refusal = null;
        changed = true;
      }
      if (message.content === undefined) {
        message.content = null;
        changed = true;
      }
    }
  }
  if (response.system_fingerprint === null) {
    response.system_fingerprint = undefined;
    changed = true;
  }
  return conformUsage(response.usage) || changed;
}

/** The same for a stream chunk (its choices' `logprobs` are optional in the schema). */
export function conformChunk(chunk: ChatCompletionChunk): void {
  if (chunk.system_fingerprint === null) chunk.system_fingerprint = undefined;
  conformUsage(chunk.usage);
}
