import type {
  ChatCompletionRequest,
  ChatMessage,
  ContentPart,
  TextContentPart,
  ToolChoice,
} from "../schemas/openai-chat";
import { ProviderError } from "./errors";

/** The subset of Anthropic's Messages API request we produce. */
export type AnthropicBlock =
  | { type: "text"; text: string }
  | {
      type: "image";
      source: { type: "base64"; media_type: string; data: string } | { type: "url"; url: string };
    }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: "tool_result"; tool_use_id: string; content: string };

export type AnthropicToolChoice = (
  { type: "auto" | "any" | "none" } | { type: "tool"; name: string }
) & { disable_parallel_tool_use?: boolean };

export interface AnthropicMessage {
  role: "user" | "assistant";
  content: AnthropicBlock[];
}

export interface AnthropicRequest {
  model: string;
  max_tokens: number;
  messages: AnthropicMessage[];
  system?: string;
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  stop_sequences?: string[];
  tools?: Array<{ name: string; description?: string; input_schema: unknown }>;
  tool_choice?: AnthropicToolChoice;
  metadata?: { user_id: string };
}

function textOf(content: string | TextContentPart[] | null | undefined): string {
  if (typeof content === "string") return content;
  if (!content) return "";
  return content.map((p) => p.text).join("\n");
}

function translatePart(part: ContentPart): AnthropicBlock {
  if (part.type === "text") return { type: "text", text: part.text };
  if (part.type === "image_url") {
    const url = part.image_url.url;
    const m = /^data:([^;,]+);base64,(.*)$/s.exec(url);
    if (m)
      return {
        type: "image",
        source: { type: "base64", media_type: m[1] ?? "", data: m[2] ?? "" },
      };
    return { type: "image", source: { type: "url", url } };
  }
  throw new ProviderError("invalid_request", "Anthropic does not accept audio input");
}

function parseArguments(args: string): unknown {
  if (args.trim() === "") return {};
  try {
    return JSON.parse(args);
  } catch {
    throw new ProviderError("invalid_request", "tool call arguments are not valid JSON");
  }
}

function toBlocks(message: ChatMessage): AnthropicBlock[] {
  switch (message.role) {
    case "user":
      return typeof message.content === "string"
        ? [{ type: "text", text: message.content }]
        : message.content.map(translatePart);
    case "assistant": {
      const blocks: AnthropicBlock[] = [];
      const text = textOf(message.content);
      if (text !== "") blocks.push({ type: "text", text });
      for (const call of message.tool_calls ?? []) {
        blocks.push({
          type: "tool_use",
          id: call.id,
          name: call.function.name,
          input: parseArguments(call.function.arguments),
        });
      }
      return blocks;
    }
    case "tool":
      return [
        {
          type: "tool_result",
          tool_use_id: message.tool_call_id,
          content: textOf(message.content),
        },
      ];
    default:
      return [];
  }
}

function translateToolChoice(choice: ToolChoice): AnthropicToolChoice {
  if (choice === "auto") return { type: "auto" };
  if (choice === "none") return { type: "none" };
  if (choice === "required") return { type: "any" };
  return { type: "tool", name: choice.function.name };
}

function jsonInstruction(request: ChatCompletionRequest): string | undefined {
  const format = request.response_format;
  if (!format || format.type === "text") return undefined;
  if (format.type === "json_object")
    return "Respond with a single valid JSON object and nothing else.";
  const schema = format.json_schema.schema ? JSON.stringify(format.json_schema.schema) : "{}";
  return `Respond with a single valid JSON object and nothing else, conforming to this JSON Schema: ${schema}`;
}

/**
 * OpenAI Chat Completions → Anthropic Messages. System and developer messages join `system`;
 * tool results become user `tool_result` blocks; consecutive same-role turns merge (Anthropic
 * wants alternation); JSON modes become a system instruction (Anthropic has no JSON mode flag).
 */
export function translateRequest(
  request: ChatCompletionRequest,
  model: string,
  defaultMaxTokens: number,
): AnthropicRequest {
  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  for (const message of request.messages) {
    if (message.role === "system" || message.role === "developer") {
      system.push(textOf(message.content));
      continue;
    }
    const role = message.role === "assistant" ? "assistant" : "user";
    const blocks = toBlocks(message);
    if (blocks.length === 0) continue;
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  }
  const instruction = jsonInstruction(request);
  if (instruction) system.push(instruction);

  const out: AnthropicRequest = {
    model,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? defaultMaxTokens,
    messages,
  };
  if (system.length > 0) out.system = system.join("\n\n");
  if (typeof request.temperature === "number") out.temperature = Math.min(1, request.temperature);
  if (typeof request.top_p === "number") out.top_p = request.top_p;
  if (request.stop)
    out.stop_sequences = Array.isArray(request.stop) ? request.stop : [request.stop];
  if (request.tools && request.tools.length > 0) {
    out.tools = request.tools.map((t) => ({
      name: t.function.name,
      ...(t.function.description ? { description: t.function.description } : {}),
      input_schema: t.function.parameters ?? { type: "object", properties: {} },
    }));
    const choice = request.tool_choice ? translateToolChoice(request.tool_choice) : undefined;
    if (request.parallel_tool_calls === false && choice?.type !== "none") {
      out.tool_choice = { ...(choice ?? { type: "auto" }), disable_parallel_tool_use: true };
    } else if (choice) out.tool_choice = choice;
  }
  if (request.user) out.metadata = { user_id: request.user };
  return out;
}
