import type { StreamAccount, TranslateEvent } from "./completion-stream";
import { classifyErrorType, ProviderError } from "./errors";
import type {
  ChatCompletionChunk,
  ChatCompletionResponse,
  ChunkDelta,
  FinishReason,
  ToolCall,
} from "../schemas/openai-chat";
import type { StreamEvent, Usage } from "./types";

/** Anthropic usage: `input_tokens` excludes cache reads and writes, which we add back in. */
export interface AnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

type ResponseBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: string };

export interface AnthropicResponse {
  id: string;
  model: string;
  content: ResponseBlock[];
  stop_reason: string | null;
  usage?: AnthropicUsage;
}

/** Anthropic stop reasons → OpenAI finish reasons. */
export function mapStopReason(reason: string | null | undefined): FinishReason | null {
  switch (reason) {
    case "end_turn":
    case "stop_sequence":
    case "pause_turn":
      return "stop";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      return reason ? "stop" : null;
  }
}

function inputOf(u: AnthropicUsage): number {
  return (
    (u.input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0)
  );
}

/** Reads usage when the upstream reported it; undefined when it did not. */
export function readAnthropicUsage(u: AnthropicUsage | undefined): Usage | undefined {
  if (!u || typeof u.input_tokens !== "number" || typeof u.output_tokens !== "number")
    return undefined;
  return {
    inputTokens: inputOf(u),
    outputTokens: u.output_tokens,
    cachedTokens: u.cache_read_input_tokens ?? 0,
    estimated: false,
  };
}

/** Anthropic Messages response → OpenAI chat completion (usage filled by the caller if missing). */
export function translateResponse(
  body: AnthropicResponse,
  created: number,
): ChatCompletionResponse {
  let text = "";
  const toolCalls: ToolCall[] = [];
  for (const block of body.content) {
    if (block.type === "text") text += (block as { text: string }).text;
    else if (block.type === "tool_use") {
      const b = block as { id: string; name: string; input: unknown };
      toolCalls.push({
        id: b.id,
        type: "function",
        function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) },
      });
    }
  }
  const usage = readAnthropicUsage(body.usage);
  return {
    id: body.id,
    object: "chat.completion",
    created,
    model: body.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: text === "" && toolCalls.length > 0 ? null : text,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          // Anthropic signals a refusal only by its stop reason (finish_reason content_filter).
          refusal: null,
        },
        finish_reason: mapStopReason(body.stop_reason),
        logprobs: null,
      },
    ],
    ...(usage
      ? {
          usage: {
            prompt_tokens: usage.inputTokens,
            completion_tokens: usage.outputTokens,
            total_tokens: usage.inputTokens + usage.outputTokens,
            prompt_tokens_details: { cached_tokens: usage.cachedTokens },
          },
        }
      : {}),
  };
}

interface StreamPayload {
  type?: string;
  message?: { id?: string; model?: string; usage?: AnthropicUsage };
  index?: number;
  content_block?: { type?: string; id?: string; name?: string; text?: string };
  delta?: { type?: string; text?: string; partial_json?: string; stop_reason?: string | null };
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
}

/** A translator for one Anthropic stream (it keeps the block → tool-call index map). */
export function createAnthropicTranslator(created: number): TranslateEvent {
  let id = "";
  let model = "";
  let nextTool = 0;
  const toolIndex = new Map<number, number>();
  const emit = (
    out: StreamEvent[],
    delta: ChunkDelta,
    isContent: boolean,
    finish: FinishReason | null = null,
  ): void => {
    const chunk: ChatCompletionChunk = {
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    };
    out.push({ type: "chunk", chunk, isContent });
  };

  return (event, out, account: StreamAccount) => {
    let p: StreamPayload;
    try {
      p = JSON.parse(event.data) as StreamPayload;
    } catch {
      throw new ProviderError("stream_interrupted", "upstream sent a malformed stream event");
    }
    switch (p.type ?? event.event) {
      case "message_start": {
        id = p.message?.id ?? "";
        model = p.message?.model ?? "";
        const u = p.message?.usage;
        if (u && typeof u.input_tokens === "number") {
          account.inputTokens = inputOf(u);
          account.cachedTokens = u.cache_read_input_tokens ?? 0;
        }
        emit(out, { role: "assistant", content: "" }, false);
        return false;
      }
      case "content_block_start": {
        const block = p.content_block;
        if (block?.type === "tool_use") {
          const index = nextTool++;
          toolIndex.set(p.index ?? 0, index);
          account.output += block.name ?? "";
          emit(
            out,
            {
              tool_calls: [
                {
                  index,
                  id: block.id ?? "",
                  type: "function",
                  function: { name: block.name ?? "", arguments: "" },
                },
              ],
            },
            true,
          );
        } else if (block?.type === "text" && block.text) {
          account.output += block.text;
          emit(out, { content: block.text }, true);
        }
        return false;
      }
      case "content_block_delta": {
        const d = p.delta;
        if (d?.type === "text_delta" && d.text) {
          account.output += d.text;
          emit(out, { content: d.text }, true);
        } else if (d?.type === "input_json_delta" && d.partial_json) {
          account.output += d.partial_json;
          const index = toolIndex.get(p.index ?? 0) ?? 0;
          emit(out, { tool_calls: [{ index, function: { arguments: d.partial_json } }] }, true);
        }
        return false;
      }
      case "message_delta": {
        if (p.usage && typeof p.usage.output_tokens === "number")
          account.outputTokens = p.usage.output_tokens;
        const finish = mapStopReason(p.delta?.stop_reason);
        if (finish) account.finishReason = finish;
        emit(out, {}, false, finish);
        return false;
      }
      case "message_stop":
        return true;
      case "ping":
        out.push({ type: "keepalive", isContent: false });
        return false;
      case "error": {
        const type = p.error?.type ?? "";
        const message = p.error?.message ?? "";
        throw new ProviderError(
          classifyErrorType(type, message),
          `upstream stream error: ${type} ${message}`.trim(),
          {
            upstreamCode: type,
          },
        );
      }
      default:
        return false;
    }
  };
}
