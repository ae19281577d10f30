/** The answer a fake model gives: text by default, JSON in JSON mode, a tool call with tools. */
export interface AnswerSpec {
  text?: string;
  /** Sent (stringified) when the request asks for JSON, or always when `kind` is "json". */
  json?: unknown;
  toolCall?: { name: string; arguments: Record<string, unknown> | string };
  /** Forces the kind regardless of the request. */
  kind?: "text" | "json" | "tool";
  promptTokens?: number;
  completionTokens?: number;
  cachedTokens?: number;
  /** Delay between streamed tokens (default 0: the whole stream in one write). */
  tokenDelayMs?: number;
}

export interface FakeRequestBody {
  model?: unknown;
  stream?: unknown;
  stream_options?: { include_usage?: unknown } | null;
  messages?: unknown;
  tools?: unknown;
  tool_choice?: unknown;
  response_format?: { type?: unknown } | null;
  system?: unknown;
  n?: unknown;
  logprobs?: unknown;
  top_logprobs?: unknown;
}

export interface PlannedAnswer {
  kind: "text" | "json" | "tool";
  /** Content tokens (text pieces, or argument pieces of a tool call). */
  tokens: string[];
  toolName: string;
  toolId: string;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  tokenDelayMs: number;
  /** OpenAI's `n`: that many identical choices (the Anthropic wire has no such field). */
  choices: number;
  /** OpenAI's `top_logprobs` when `logprobs` was asked for (0 when no alternatives); else null. */
  topLogprobs: number | null;
}

export const DEFAULT_TEXT = "Hello from the fake upstream. The answer is forty-two.";

function splitTokens(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function toolNameOf(body: FakeRequestBody): string | undefined {
  const choice = body.tool_choice as { function?: { name?: string }; name?: string } | undefined;
  const named =
    choice && typeof choice === "object" ? (choice.function?.name ?? choice.name) : undefined;
  if (named) return named;
  const tools = Array.isArray(body.tools) ? (body.tools as Array<Record<string, unknown>>) : [];
  const first = tools[0];
  if (!first) return undefined;
  const fn = first.function as { name?: string } | undefined;
  return fn?.name ?? (first.name as string | undefined);
}

function countPrompt(body: FakeRequestBody): number {
  // Cheap on purpose (the fake serves benchmarks): ~4 characters a token over the raw messages.
  let chars = 0;
  const messages = Array.isArray(body.messages)
    ? (body.messages as Array<{ content?: unknown }>)
    : [];
  for (const m of messages) chars += typeof m.content === "string" ? m.content.length : 40;
  if (typeof body.system === "string") chars += body.system.length;
  return Math.max(1, Math.ceil(chars / 4));
}

export function planAnswer(body: FakeRequestBody, spec: AnswerSpec): PlannedAnswer {
  const choice = body.tool_choice as { type?: string } | string | undefined;
  const toolsAllowed =
    Array.isArray(body.tools) &&
    body.tools.length > 0 &&
    choice !== "none" &&
    (choice as { type?: string })?.type !== "none";
  const formatType = body.response_format?.type;
  // Anthropic has no JSON flag: adapters ask in the system prompt, and the fake "follows" it.
  const wantsJson =
    formatType === "json_object" ||
    formatType === "json_schema" ||
    (typeof body.system === "string" && body.system.includes("valid JSON"));
  const kind = spec.kind ?? (spec.toolCall || toolsAllowed ? "tool" : wantsJson ? "json" : "text");
  let tokens: string[];
  let toolName = "";
  if (kind === "tool") {
    toolName = spec.toolCall?.name ?? toolNameOf(body) ?? "lookup";
    const args = spec.toolCall?.arguments ?? { query: "fake" };
    const text = typeof args === "string" ? args : JSON.stringify(args);
    tokens = text.match(/.{1,8}/gs) ?? [text];
  } else if (kind === "json") {
    tokens = splitTokens(JSON.stringify(spec.json ?? { answer: "forty-two", confidence: 0.9 }));
  } else {
    tokens = splitTokens(spec.text ?? DEFAULT_TEXT);
  }
  return {
    kind,
    tokens,
    toolName,
    toolId: "call_fake_1",
    promptTokens: spec.promptTokens ?? countPrompt(body),
    completionTokens: spec.completionTokens ?? tokens.length,
    cachedTokens: spec.cachedTokens ?? 0,
    tokenDelayMs: spec.tokenDelayMs ?? 0,
    choices: typeof body.n === "number" && body.n > 1 ? body.n : 1,
    topLogprobs:
      body.logprobs === true
        ? typeof body.top_logprobs === "number"
          ? body.top_logprobs
          : 0
        : null,
  };
}
