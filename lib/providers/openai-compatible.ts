import { ProviderError } from "./errors";
import { parseJsonBody, readBody, type UpstreamResponse } from "./transport";
import { createUpstreamStream } from "./completion-stream";
import { conformResponse } from "./openai-conform";
import type { ChatCompletionRequest, ChatCompletionResponse } from "../schemas/openai-chat";
import { translateOpenAiEvent } from "./openai-stream";
import type {
  CompletionResult,
  CompletionStream,
  ProviderAdapter,
  ProviderCall,
  Usage,
} from "./types";
import {
  assertEventStream,
  joinUrl,
  postToUpstream,
  readIdleTimeout,
  readSetting,
} from "./upstream-call";
import { countUsage } from "./usage";

/**
 * OpenAI-compatible upstreams: OpenAI, Azure OpenAI, Groq, Together, vLLM, Ollama, OpenRouter.
 * Settings (all optional): `apiVersion` (Azure: appended as `?api-version=`), `authHeader`
 * ("authorization" default, or "api-key" for Azure), `streamUsage` (default true: asks for
 * `stream_options.include_usage` upstream), `forwardMetadata` (default false: OpenAI rejects
 * `metadata` without `store`), `streamIdleTimeoutMs`.
 */

/** Builds the upstream URL: `${baseUrl}/chat/completions` (+ Azure's api-version). */
export function buildChatUrl(call: ProviderCall): URL {
  const apiVersion = readSetting(call, "apiVersion", "");
  const query = apiVersion
    ? `?${new URLSearchParams({ "api-version": apiVersion }).toString()}`
    : "";
  return joinUrl(call.provider.baseUrl, `/chat/completions${query}`);
}

export function buildHeaders(call: ProviderCall, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: stream ? "text/event-stream" : "application/json",
    ...call.provider.headers,
  };
  const key = call.provider.apiKey;
  if (key) {
    const authHeader = readSetting(call, "authHeader", "authorization").toLowerCase();
    if (authHeader === "authorization") headers.authorization = `Bearer ${key}`;
    else headers[authHeader] = key;
  }
  return headers;
}

export function buildBody(call: ProviderCall, stream: boolean): string {
  // Destructuring rather than `delete` keeps the object in fast mode for JSON.stringify.
  const { metadata, stream_options: _streamOptions, ...rest } = call.request;
  const body: ChatCompletionRequest = { ...rest, model: call.model, stream };
  if (metadata !== undefined && readSetting(call, "forwardMetadata", false))
    body.metadata = metadata;
  if (stream && readSetting(call, "streamUsage", true))
    body.stream_options = { include_usage: true };
  return JSON.stringify(body);
}

function send(call: ProviderCall, stream: boolean): Promise<UpstreamResponse> {
  return postToUpstream(
    call,
    buildChatUrl(call),
    buildHeaders(call, stream),
    buildBody(call, stream),
  );
}

function outputText(response: ChatCompletionResponse): string {
  let text = "";
  for (const choice of response.choices) {
    const m = choice.message;
    if (typeof m?.content === "string") text += m.content;
    for (const call of m?.tool_calls ?? []) text += call.function.name + call.function.arguments;
  }
  return text;
}

async function complete(call: ProviderCall): Promise<CompletionResult> {
  const res = await send(call, false);
  const text = await readBody(res, call.provider.apiKey);
  const response = parseJsonBody<ChatCompletionResponse>(text);
  if (!response || !Array.isArray(response.choices)) {
    throw new ProviderError("server_error", "upstream answered 200 without choices", {
      status: 200,
    });
  }
  // An answer already in OpenAI's shape is forwarded as the upstream's own text.
  const conforms = !conformResponse(response);
  const u = response.usage;
  if (u && typeof u.prompt_tokens === "number" && typeof u.completion_tokens === "number") {
    const usage: Usage = {
      inputTokens: u.prompt_tokens,
      outputTokens: u.completion_tokens,
      cachedTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
      estimated: false,
    };
    return conforms ? { response, usage, rawText: text } : { response, usage };
  }
  // No usage upstream: count it, and answer the client with the counted usage filled in.
  const usage = await countUsage(call.request, outputText(response));
  response.usage = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
  return { response, usage };
}

async function stream(call: ProviderCall): Promise<CompletionStream> {
  const res = await send(call, true);
  assertEventStream(res);
  const idle = readIdleTimeout(call);
  return createUpstreamStream(res, call.request, translateOpenAiEvent, idle, call.provider.apiKey);
}

export const openAiCompatibleAdapter: ProviderAdapter = {
  kind: "openai_compatible",
  complete,
  stream,
};
