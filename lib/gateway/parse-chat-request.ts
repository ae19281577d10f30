/**
 * A hand-written validator for the chat completions body (zod costs several times more CPU on
 * this hot path; the checks here are the ones the gateway relies on, and unknown fields pass
 * through to OpenAI-compatible upstreams untouched). Errors name the offending field.
 */
import type { ChatCompletionRequest } from "@/lib/schemas/openai-chat";
import { checkChatParams, checkJsonDepth, checkMessageFields } from "./check-chat-params";
import { invalid, isObject } from "./request-checks";

const ROLES = new Set(["system", "developer", "user", "assistant", "tool", "function"]);
const FORMATS = new Set(["text", "json_object", "json_schema"]);

function checkOptionalInt(body: Record<string, unknown>, field: string, min: number): void {
  const v = body[field];
  if (v === undefined || v === null) return;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw invalid(field, `'${field}' must be an integer ≥ ${min}.`);
  }
}

/** The most choices (`n`) one request may ask for: each may be a parallel upstream call. */
export const MAX_CHOICES = 16;

function checkChoices(n: unknown): void {
  if (n === undefined || n === null) return;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > MAX_CHOICES) {
    throw invalid("n", `'n' must be an integer from 1 to ${MAX_CHOICES}.`);
  }
}

function checkMessages(messages: unknown): void {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw invalid("messages", "'messages' must be a non-empty array.");
  }
  messages.forEach((m: unknown, i) => {
    if (!isObject(m)) throw invalid(`messages[${i}]`, `'messages[${i}]' must be an object.`);
    if (typeof m.role !== "string" || !ROLES.has(m.role)) {
      throw invalid(
        `messages[${i}].role`,
        `'messages[${i}].role' must be one of ${[...ROLES].join(", ")}.`,
      );
    }
    const c = m.content;
    if (c !== undefined && c !== null && typeof c !== "string" && !Array.isArray(c)) {
      throw invalid(
        `messages[${i}].content`,
        `'messages[${i}].content' must be a string or an array of parts.`,
      );
    }
    checkMessageFields(m, i);
    if (Array.isArray(c)) {
      c.forEach((part: unknown, j) => {
        if (!isObject(part) || typeof part.type !== "string") {
          throw invalid(
            `messages[${i}].content[${j}]`,
            `'messages[${i}].content[${j}]' must be an object with a 'type'.`,
          );
        }
      });
    }
  });
}

function checkResponseFormat(format: unknown): void {
  if (format === undefined || format === null) return;
  if (!isObject(format) || typeof format.type !== "string" || !FORMATS.has(format.type)) {
    throw invalid(
      "response_format",
      "'response_format.type' must be text, json_object or json_schema.",
    );
  }
  if (format.type === "json_schema") {
    const spec = format.json_schema;
    if (!isObject(spec) || typeof spec.name !== "string") {
      throw invalid("response_format.json_schema", "'response_format.json_schema' needs a 'name'.");
    }
    if (spec.schema !== undefined && !isObject(spec.schema)) {
      throw invalid(
        "response_format.json_schema.schema",
        "'response_format.json_schema.schema' must be an object.",
      );
    }
  }
}

function checkMetadata(metadata: unknown): void {
  if (metadata === undefined || metadata === null) return;
  if (!isObject(metadata)) throw invalid("metadata", "'metadata' must be an object of strings.");
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== "string")
      throw invalid(`metadata.${key}`, `'metadata.${key}' must be a string.`);
  }
}

/** Validates a parsed JSON body; returns it typed, or throws a 400 naming the field. */
export function parseChatRequest(body: unknown): ChatCompletionRequest {
  if (!isObject(body)) throw invalid("body", "The request body must be a JSON object.");
  if (typeof body.model !== "string" || body.model === "") {
    throw invalid("model", "'model' is required: a route (e.g. 'auto') or a model name.");
  }
  checkJsonDepth(body);
  checkChatParams(body);
  checkMessages(body.messages);
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== "boolean") {
    throw invalid("stream", "'stream' must be a boolean.");
  }
  if (
    body.stream_options !== undefined &&
    body.stream_options !== null &&
    !isObject(body.stream_options)
  ) {
    throw invalid("stream_options", "'stream_options' must be an object.");
  }
  checkChoices(body.n);
  checkOptionalInt(body, "max_tokens", 1);
  checkOptionalInt(body, "max_completion_tokens", 1);
  if (body.tools !== undefined && body.tools !== null) {
    if (!Array.isArray(body.tools) || body.tools.some((t) => !isObject(t))) {
      throw invalid("tools", "'tools' must be an array of tool objects.");
    }
  }
  checkResponseFormat(body.response_format);
  checkMetadata(body.metadata);
  if (body.user !== undefined && body.user !== null && typeof body.user !== "string") {
    throw invalid("user", "'user' must be a string.");
  }
  // Every field the pipeline reads was checked above; unknown fields pass through untouched.
  return body as ChatCompletionRequest;
}
