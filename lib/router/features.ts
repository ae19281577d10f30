/** Feature extraction: everything the engine reads from a request, computed once. */
import type { ClientMetadata, ContentAccessor, RequestFeatures } from "./features-types";
import { collectPromptText } from "@/lib/prompt-text";
import type { ChatCompletionRequest } from "@/lib/schemas/openai-chat";
import { estimateTextTokens } from "@/lib/tokens";
import { LATENCY_CLASSES, PRIORITIES, type Capability } from "@/lib/vocabulary";

/** Metadata as supplied by the caller (headers, body metadata); every field optional. */
export interface ClientMetadataInput {
  task?: string | null;
  userTier?: string | null;
  latencyClass?: string | null;
  tags?: readonly string[] | string | null;
  endUserId?: string | null;
  priority?: string | null;
}

/**
 * Computes request features. Explicit `metadata` wins over the body's `metadata` map
 * (keys `task`, `user_tier`, `latency_class`, `tags` comma-separated, `priority`); the end-user
 * id falls back to the body's `user`.
 */
export function extractFeatures(
  body: ChatCompletionRequest,
  metadata: ClientMetadataInput = {},
): RequestFeatures {
  let conversationTurns = 0;
  for (const message of body.messages) {
    if (message.role === "user" || message.role === "assistant") conversationTurns++;
  }
  const { pieces, toolText, imageCount, overheadTokens } = collectPromptText(body);
  const content = createContentAccessor(pieces, toolText);
  let textTokens = toolText === "" ? 0 : estimateTextTokens(toolText);
  for (const piece of pieces) textTokens += estimateTextTokens(piece);

  const format = body.response_format?.type ?? "text";
  const responseFormat =
    format === "json_object" || format === "json_schema" ? format : ("text" as const);
  const jsonSchema =
    body.response_format?.type === "json_schema"
      ? (body.response_format.json_schema.schema ?? null)
      : null;
  const stream = body.stream === true;
  const required: Capability[] = [];
  if (toolText !== "") required.push("tools");
  if (imageCount > 0) required.push("vision");
  if (responseFormat === "json_object") required.push("json");
  if (responseFormat === "json_schema") required.push("json_schema");
  if (stream) required.push("streaming");

  return {
    estimatedInputTokens: textTokens + overheadTokens,
    overheadTokens,
    maxOutputTokens: body.max_completion_tokens ?? body.max_tokens ?? null,
    messageCount: body.messages.length,
    conversationTurns,
    hasTools: toolText !== "",
    hasImages: imageCount > 0,
    responseFormat,
    jsonSchema,
    stream,
    requiredCapabilities: required,
    metadata: normalizeMetadata(metadata, body),
    content,
  };
}

function createContentAccessor(pieces: readonly string[], toolText: string): ContentAccessor {
  let text: string | null = null;
  let tokenText: string | null = null;
  return {
    text: () => (text ??= pieces.join("\n")),
    tokenText: () =>
      (tokenText ??=
        toolText === "" ? (text ??= pieces.join("\n")) : `${pieces.join("\n")}\n${toolText}`),
  };
}

function normalizeMetadata(
  input: ClientMetadataInput,
  body: ChatCompletionRequest,
): ClientMetadata {
  const fromBody = body.metadata ?? {};
  const tagsRaw = input.tags ?? fromBody.tags ?? null;
  const tags =
    typeof tagsRaw === "string"
      ? tagsRaw
          .split(",")
          .map((tag) => tag.trim())
          .filter((tag) => tag !== "")
      : [...(tagsRaw ?? [])];
  const latency = input.latencyClass ?? fromBody.latency_class ?? null;
  const priority = input.priority ?? fromBody.priority ?? null;
  return {
    task: input.task ?? fromBody.task ?? null,
    userTier: input.userTier ?? fromBody.user_tier ?? null,
    latencyClass: LATENCY_CLASSES.find((value) => value === latency) ?? null,
    tags,
    endUserId: input.endUserId ?? body.user ?? null,
    priority: PRIORITIES.find((value) => value === priority) ?? "normal",
  };
}
