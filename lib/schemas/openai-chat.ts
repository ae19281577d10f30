/**
 * The canonical internal format: the OpenAI Chat Completions wire shape (our API is
 * OpenAI-compatible). Only the fields Switchboard reads or translates are typed; unknown fields
 * pass through untouched on the OpenAI-compatible path.
 */

export interface TextContentPart {
  type: "text";
  text: string;
}
export interface ImageContentPart {
  type: "image_url";
  image_url: { url: string; detail?: "auto" | "low" | "high" };
}
export interface InputAudioContentPart {
  type: "input_audio";
  input_audio: { data: string; format: string };
}
export type ContentPart = TextContentPart | ImageContentPart | InputAudioContentPart;

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface SystemMessage {
  role: "system" | "developer";
  content: string | TextContentPart[];
  name?: string;
}
export interface UserMessage {
  role: "user";
  content: string | ContentPart[];
  name?: string;
}
export interface AssistantMessage {
  role: "assistant";
  content?: string | TextContentPart[] | null;
  tool_calls?: ToolCall[];
  refusal?: string | null;
  name?: string;
}
export interface ToolMessage {
  role: "tool";
  content: string | TextContentPart[];
  tool_call_id: string;
}
export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** A JSON Schema object; kept loose on purpose (we only read `type`, `properties`, `required`). */
export type JsonSchema = { [key: string]: unknown };

export interface FunctionTool {
  type: "function";
  function: { name: string; description?: string; parameters?: JsonSchema; strict?: boolean };
}

export type ToolChoice =
  "none" | "auto" | "required" | { type: "function"; function: { name: string } };

export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | {
      type: "json_schema";
      json_schema: { name: string; description?: string; schema?: JsonSchema; strict?: boolean };
    };

export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  n?: number | null;
  stop?: string | string[] | null;
  tools?: FunctionTool[];
  /** The deprecated predecessor of `tools`; still accepted, and counted as tools by the router. */
  functions?: unknown[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ResponseFormat;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  seed?: number | null;
  user?: string;
  metadata?: Record<string, string>;
  [extra: string]: unknown;
}

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "function_call";

export interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
}

export interface ResponseMessage {
  role: "assistant";
  content: string | null;
  tool_calls?: ToolCall[];
  /** Always present on answers we send (null when the model did not refuse), as OpenAI does. */
  refusal: string | null;
}

/** One token's log probability (OpenAI's `ChatCompletionTokenLogprob`). */
export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[] | null;
  top_logprobs: { token: string; logprob: number; bytes: number[] | null }[];
}

/** A choice's log probabilities; `null` on the choice when they were not asked for. */
export interface ChoiceLogprobs {
  content: TokenLogprob[] | null;
  refusal: TokenLogprob[] | null;
}

export interface ChatCompletionChoice {
  index: number;
  message: ResponseMessage;
  finish_reason: FinishReason | null;
  /** Always present on answers we send (OpenAI sends `null` when not asked for). */
  logprobs: ChoiceLogprobs | null;
}

export interface ChatCompletionResponse {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: ChatCompletionChoice[];
  usage?: CompletionUsage;
  system_fingerprint?: string | null;
  service_tier?: string | null;
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: "function";
  function?: { name?: string; arguments?: string };
}

export interface ChunkDelta {
  role?: "assistant";
  content?: string | null;
  tool_calls?: ToolCallDelta[];
  refusal?: string | null;
}

export interface ChatCompletionChunkChoice {
  index: number;
  delta: ChunkDelta;
  finish_reason: FinishReason | null;
  logprobs?: ChoiceLogprobs | null;
}

export interface ChatCompletionChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: ChatCompletionChunkChoice[];
  usage?: CompletionUsage | null;
  system_fingerprint?: string | null;
  service_tier?: string | null;
}
