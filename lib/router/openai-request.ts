/**
 * The minimal shape of an OpenAI chat completions request body that the engine reads. The API
 * layer validates the full request; unknown fields are ignored here.
 */

/** A content part of a message. */
export type ChatContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string; detail?: string } }
  | { type: string; [key: string]: unknown };

/** One chat message. */
export interface ChatMessage {
  role: string;
  content?: string | readonly ChatContentPart[] | null;
  name?: string;
  tool_calls?: readonly { function?: { name?: string; arguments?: string } }[];
}

/** A JSON Schema document (the common subset is validated by `validateJsonSchema`). */
export type JsonSchema = { [key: string]: unknown };

/** The `response_format` field. */
export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; json_schema: { name: string; schema?: JsonSchema; strict?: boolean } };

/** The fields of `POST /v1/chat/completions` the engine reads. */
export interface ChatCompletionRequest {
  model: string;
  messages: readonly ChatMessage[];
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  tools?: readonly unknown[];
  functions?: readonly unknown[];
  response_format?: ResponseFormat;
  stream?: boolean | null;
  user?: string;
  metadata?: Record<string, string>;
}
