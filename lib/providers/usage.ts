import { collectPromptText as collectPrompt, joinPromptText } from "@/lib/prompt-text";
import type { ChatCompletionRequest } from "../schemas/openai-chat";
import { countTokens } from "@/lib/tokens";
import type { Usage } from "./types";

/** The prompt's text (messages, tool definitions) for counting, plus its flat overhead. */
export function collectPromptText(request: ChatCompletionRequest): { text: string; extra: number } {
  const prompt = collectPrompt(request);
  return { text: joinPromptText(prompt), extra: prompt.overheadTokens };
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
