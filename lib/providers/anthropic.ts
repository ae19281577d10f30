import { createUpstreamStream } from "./completion-stream";
import { ProviderError } from "./errors";
import { parseJsonBody, readBody } from "./transport";
import { translateRequest } from "./anthropic-request";
import {
  createAnthropicTranslator,
  readAnthropicUsage,
  translateResponse,
  type AnthropicResponse,
} from "./anthropic-response";
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
 * Anthropic Messages. Base URL "https://api.anthropic.com" (with or without `/v1`). Settings:
 * `anthropicVersion` (default "2023-06-01"), `defaultMaxTokens` (Anthropic requires max_tokens;
 * default 4096), `streamIdleTimeoutMs`. Extra headers (e.g. `anthropic-beta`) go in `headers`.
 */

export function buildMessagesUrl(call: ProviderCall): URL {
  const base = (call.provider.baseUrl ?? "https://api.anthropic.com").replace(/\/+$/, "");
  return joinUrl(base, base.endsWith("/v1") ? "/messages" : "/v1/messages");
}

function buildHeaders(call: ProviderCall, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: stream ? "text/event-stream" : "application/json",
    "anthropic-version": readSetting(call, "anthropicVersion", "2023-06-01"),
    ...call.provider.headers,
  };
  if (call.provider.apiKey) headers["x-api-key"] = call.provider.apiKey;
  return headers;
}

function send(call: ProviderCall, stream: boolean) {
  const body = translateRequest(
    call.request,
    call.model,
    readSetting(call, "defaultMaxTokens", 4096),
  );
  if (stream) body.stream = true;
  return postToUpstream(
    call,
    buildMessagesUrl(call),
    buildHeaders(call, stream),
    JSON.stringify(body),
  );
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

async function complete(call: ProviderCall): Promise<CompletionResult> {
  const res = await send(call, false);
  const body = parseJsonBody<AnthropicResponse>(await readBody(res, call.provider.apiKey));
  if (!body || !Array.isArray(body.content)) {
    throw new ProviderError("server_error", "upstream answered 200 without content", {
      status: 200,
    });
  }
  const response = translateResponse(body, nowSeconds());
  let usage: Usage | undefined = readAnthropicUsage(body.usage);
  if (!usage) {
    const m = response.choices[0]?.message;
    const text =
      (m?.content ?? "") +
      (m?.tool_calls ?? []).map((c) => c.function.name + c.function.arguments).join("");
    usage = await countUsage(call.request, text);
    response.usage = {
      prompt_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
    };
  }
  return { response, usage };
}

async function stream(call: ProviderCall): Promise<CompletionStream> {
  const res = await send(call, true);
  assertEventStream(res);
  const translate = createAnthropicTranslator(nowSeconds());
  return createUpstreamStream(
    res,
    call.request,
    translate,
    readIdleTimeout(call),
    call.provider.apiKey,
  );
}

export const anthropicAdapter: ProviderAdapter = { kind: "anthropic", complete, stream };
