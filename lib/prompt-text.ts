/**
 * The one prompt-text collector: what a chat request sends as tokens (message text, tool-call
 * names and arguments, tool and function definitions) and its flat overhead (framing per
 * message, reply priming, a fixed cost per image). The engine estimates from it; the adapters
 * count it exactly when an upstream reports no usage. Typed structurally so the base layer does
 * not need the wire schema.
 */
import { TOKENS_PER_IMAGE, TOKENS_PER_MESSAGE } from "./tokens";

/** Tokens OpenAI adds to prime the reply, once per request. */
export const TOKENS_PER_REPLY = 3;

interface PromptPart {
  readonly type: string;
  readonly text?: unknown;
}
interface PromptMessage {
  readonly content?: unknown;
  readonly tool_calls?: readonly {
    readonly function?: { readonly name?: string; readonly arguments?: string };
  }[];
}
/** The parts of a chat completions request that become prompt tokens. */
export interface PromptSource {
  readonly messages: readonly PromptMessage[];
  readonly tools?: readonly unknown[];
  readonly functions?: readonly unknown[];
}

export interface PromptText {
  /** Text pieces in order: message contents, then tool-call names and arguments. */
  pieces: string[];
  /** Tool and function definitions as JSON ("" when none). */
  toolText: string;
  imageCount: number;
  /** Tokens not in the text: per-message framing, reply priming and images. */
  overheadTokens: number;
}

/** Collects a request's prompt text in one pass. */
export function collectPromptText(request: PromptSource): PromptText {
  const pieces: string[] = [];
  let imageCount = 0;
  for (const message of request.messages) {
    const { content } = message;
    if (typeof content === "string") pieces.push(content);
    else if (Array.isArray(content)) {
      for (const part of content as readonly PromptPart[]) {
        if (part.type === "text" && typeof part.text === "string") pieces.push(part.text);
        else if (part.type === "image_url") imageCount++;
      }
    }
    // Only assistant messages carry tool calls; reading them wherever a body put them is harmless.
    for (const call of message.tool_calls ?? []) {
      if (call.function?.name) pieces.push(call.function.name);
      if (call.function?.arguments) pieces.push(call.function.arguments);
    }
  }
  const tools = [...(request.tools ?? []), ...(request.functions ?? [])];
  return {
    pieces,
    toolText: tools.length > 0 ? JSON.stringify(tools) : "",
    imageCount,
    overheadTokens:
      request.messages.length * TOKENS_PER_MESSAGE +
      TOKENS_PER_REPLY +
      imageCount * TOKENS_PER_IMAGE,
  };
}

/** The whole prompt as one string (pieces, then tool definitions), as it is counted. */
export function joinPromptText(prompt: PromptText): string {
  const text = prompt.pieces.join("\n");
  return prompt.toolText === "" ? text : `${text}\n${prompt.toolText}`;
}
