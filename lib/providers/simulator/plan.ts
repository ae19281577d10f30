import { ProviderError } from "../errors";
import type { ChatCompletionRequest, FinishReason } from "../../schemas/openai-chat";
import type { ProviderCall } from "../types";
import { estimateTokens } from "@/lib/tokens";
import { collectPromptText } from "../usage";
import { extractKeywords, generateJson, generateText, splitPieces } from "./generate";
import { fnv1a, pickInt, randomFn } from "@/lib/random";
import { readSimSettings, type SimModelSettings } from "./settings";
import type { ProviderErrorClass } from "@/lib/vocabulary";

/** Everything one simulated answer will do, decided up front from seed + model + request. */
export interface SimPlan {
  kind: "text" | "json" | "tool";
  pieces: string[];
  toolName: string;
  toolId: string;
  promptTokens: number;
  outputTokens: number;
  finishReason: FinishReason;
  ttftMs: number;
  msPerPiece: number;
  /** A failure before the first token. */
  failure: ProviderError | undefined;
  /** A mid-stream failure after this many pieces. */
  breakAfter: number | undefined;
  reportUsage: boolean;
}

const STATUS: Record<ProviderErrorClass, number | undefined> = {
  timeout: 504,
  connect: undefined,
  server_error: 500,
  rate_limited: 429,
  auth: 401,
  invalid_request: 400,
  context_length_exceeded: 400,
  content_filtered: 400,
  stream_interrupted: undefined,
  unknown: 500,
};

function requestHash(
  seed: string,
  model: string,
  request: ChatCompletionRequest,
  promptText: string,
): number {
  let h = fnv1a(seed);
  h = fnv1a(model, h);
  // The tail of the prompt and its length identify a request without hashing megabytes.
  h = fnv1a(promptText.length > 4096 ? promptText.slice(-4096) : promptText, h);
  return fnv1a(
    `${promptText.length}|${request.response_format?.type ?? ""}|${request.tools?.length ?? 0}`,
    h,
  );
}

function jitter(rng: () => number, ms: number, amount: number): number {
  return ms <= 0 ? 0 : Math.max(0, ms * (1 + (rng() * 2 - 1) * amount));
}

function simulatedError(cls: ProviderErrorClass): ProviderError {
  const status = STATUS[cls];
  return new ProviderError(cls, `simulated ${cls}`, {
    ...(status === undefined ? {} : { status }),
    ...(cls === "rate_limited" ? { retryAfterMs: 1000 } : {}),
    upstreamCode: "simulated",
  });
}

function wantsTool(
  request: ChatCompletionRequest,
  s: SimModelSettings,
  rng: () => number,
): boolean {
  const tools = request.tools ?? [];
  if (tools.length === 0 || request.tool_choice === "none") return false;
  const last = request.messages[request.messages.length - 1];
  if (last?.role === "tool") return false; // answer the tool result in text
  if (request.tool_choice === "required" || typeof request.tool_choice === "object") return true;
  return rng() < s.toolCallRate;
}

export function planSimulation(call: ProviderCall): SimPlan {
  const sim = readSimSettings(call.provider.settings);
  const s = sim.forModel(call.model);
  const request = call.request;
  const prompt = collectPromptText(request);
  const rng = randomFn(requestHash(sim.seed, call.model, request, prompt.text));
  const promptTokens = estimateTokens(prompt.text) + prompt.extra;
  const good = rng() < s.quality;
  const keywords = extractKeywords(request);
  const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? Number.MAX_SAFE_INTEGER;
  let count = pickInt(rng, s.outputTokens[0], s.outputTokens[1]);
  let finishReason: FinishReason = "stop";
  let kind: SimPlan["kind"] = "text";
  let pieces: string[];
  let toolName = "";
  if (wantsTool(request, s, rng)) {
    kind = "tool";
    const choice = request.tool_choice;
    const tool =
      typeof choice === "object"
        ? request.tools?.find((t) => t.function.name === choice.function.name)
        : request.tools?.[Math.floor(rng() * (request.tools?.length ?? 1))];
    toolName = tool?.function.name ?? "tool";
    const args = generateJson(
      rng,
      tool?.function.parameters ?? { type: "object", properties: {} },
      true,
      keywords,
    );
    pieces = splitPieces(args);
    count = estimateTokens(args);
    finishReason = "tool_calls";
  } else if (
    request.response_format?.type === "json_object" ||
    request.response_format?.type === "json_schema"
  ) {
    kind = "json";
    const schema =
      request.response_format.type === "json_schema"
        ? request.response_format.json_schema.schema
        : undefined;
    const json = generateJson(rng, schema, good, keywords);
    pieces = splitPieces(json);
    count = estimateTokens(json);
  } else {
    if (count > maxTokens) {
      count = Math.max(1, maxTokens);
      finishReason = "length";
    }
    pieces = generateText(rng, count, keywords, good);
  }
  const failing = rng() < s.errorRate;
  const breaking = !failing && rng() < s.midStreamErrorRate;
  const errorClass = s.errorClasses[Math.floor(rng() * s.errorClasses.length)] ?? "server_error";
  return {
    kind,
    pieces,
    toolName,
    toolId: `call_sim_${(rng() * 1e9).toFixed(0)}`,
    promptTokens,
    outputTokens: count,
    finishReason,
    ttftMs: jitter(rng, s.ttftMs, s.jitter),
    msPerPiece: jitter(rng, s.msPerToken, s.jitter) * (count / Math.max(1, pieces.length)),
    failure: failing ? simulatedError(errorClass) : undefined,
    breakAfter: breaking ? Math.floor(pieces.length / 2) : undefined,
    reportUsage: s.reportUsage,
  };
}
