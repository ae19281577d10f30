import type { ChatMessage, ChatCompletionRequest } from "../schemas/openai-chat";
import { TOKENS_PER_IMAGE, TOKENS_PER_MESSAGE, countTokens } from "@/lib/tokens";
import type { Usage } from "./types";

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

/** The prompt's text (messages, tool definitions) for counting, plus a flat cost per image. */
export function collectPromptText(request: ChatCompletionRequest): { text: string; extra: number } {
  let text = "";
  let extra = 0;
  for (const m of request.messages) {
    text += messageText(m) + "\n";
    extra += TOKENS_PER_MESSAGE;
    if (Array.isArray(m.content)) {
      for (const part of m.content) if (part.type === "image_url") extra += TOKENS_PER_IMAGE;
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
