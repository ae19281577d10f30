import type { ChatMessage, ChatCompletionRequest } from "../schemas/openai-chat";
import type { Usage } from "./types";

/**
 * Token counting for when an upstream reports no usage. gpt-tokenizer (o200k) is exact for
 * OpenAI's current models and close for others; it takes ~200 ms to load, so it loads lazily the
 * first time it is needed and a calibrated estimate (≈ 4 characters a token) stands in until then.
 */
type CountFn = (text: string) => number;
let exactCount: CountFn | undefined;
let loading: Promise<CountFn> | undefined;

/** Loads the tokenizer (idempotent). Await it at start-up to make counts exact from the first call. */
export function loadTokenizer(): Promise<CountFn> {
  if (exactCount) return Promise.resolve(exactCount);
  loading ??= import("gpt-tokenizer/encoding/o200k_base").then((m) => {
    exactCount = (text: string) => m.countTokens(text);
    return exactCount;
  });
  return loading;
}

/** A calibrated estimate: English prose and code average ~4 characters per o200k token. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

/** Counts exactly (loading the tokenizer if needed). */
export async function countTokens(text: string): Promise<number> {
  if (text.length === 0) return 0;
  const count = exactCount ?? (await loadTokenizer());
  return count(text);
}

/** Counts exactly if the tokenizer is loaded, else estimates (and starts loading it). */
export function countTokensNow(text: string): number {
  if (exactCount) return exactCount(text);
  void loadTokenizer().catch(() => undefined);
  return estimateTokens(text);
}

function messageText(message: ChatMessage): string {
  let text = "";
  const content = message.content;
  if (typeof content === "string") text = content;
  else if (Array.isArray(content)) {
    for (const part of content) if (part.type === "text") text += part.text + "\n";
  }
  if (message.role === "assistant" && message.tool_calls) {
    for (const call of message.tool_calls) text += call.function.name + call.function.arguments;
  }
  return text;
}

const IMAGE_TOKENS = 765; // OpenAI's cost of a 512×512 "high" tile set; a fair flat estimate.

/** The prompt's text (messages, tool definitions) for counting, plus a flat cost per image. */
export function collectPromptText(request: ChatCompletionRequest): { text: string; extra: number } {
  let text = "";
  let extra = 0;
  for (const m of request.messages) {
    text += messageText(m) + "\n";
    extra += 4; // per-message framing tokens
    if (Array.isArray(m.content)) {
      for (const part of m.content) if (part.type === "image_url") extra += IMAGE_TOKENS;
    }
  }
  if (request.tools) text += JSON.stringify(request.tools);
  return { text, extra };
}

/** Counts the prompt's tokens exactly (used when an upstream does not report usage). */
export async function countPromptTokens(request: ChatCompletionRequest): Promise<number> {
  const { text, extra } = collectPromptText(request);
  return (await countTokens(text)) + extra;
}

/** Builds usage when the upstream reported none: counts the prompt and the output text. */
export async function countUsage(
  request: ChatCompletionRequest,
  outputText: string,
): Promise<Usage> {
  return {
    inputTokens: await countPromptTokens(request),
    outputTokens: await countTokens(outputText),
    cachedTokens: 0,
    estimated: true,
  };
}
