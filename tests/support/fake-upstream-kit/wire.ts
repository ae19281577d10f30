import type { PlannedAnswer } from "./answers";

/** One SSE frame of a planned stream; `content` frames count toward `after:N` faults. */
export interface WireFrame {
  text: string;
  content: boolean;
}

export interface WireFormat {
  body(answer: PlannedAnswer, model: string, usage: boolean): string;
  frames(answer: PlannedAnswer, model: string, usage: boolean): WireFrame[];
  errorFrame(code: string, message: string): string;
  errorBody(code: string, message: string): string;
}

const CREATED = 1_700_000_000;

/** OpenAI's `logprobs` object for some text tokens (made-up probabilities), or null. */
function logprobsOf(a: PlannedAnswer, tokens: string[]): unknown {
  if (a.topLogprobs === null) return null;
  if (a.kind === "tool") return { content: null, refusal: null };
  const entry = (token: string, logprob: number) => ({
    token,
    logprob,
    bytes: [...Buffer.from(token, "utf8")],
  });
  return {
    content: tokens.map((t) => ({
      ...entry(t, -0.01),
      top_logprobs: Array.from({ length: a.topLogprobs ?? 0 }, (_, i) =>
        entry(i === 0 ? t : `alt${i}`, -0.01 - i),
      ),
    })),
    refusal: null,
  };
}
const data = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;
const named = (event: string, value: unknown): string =>
  `event: ${event}\ndata: ${JSON.stringify(value)}\n\n`;

export const openAiWire: WireFormat = {
  body(a, model, usage) {
    const message =
      a.kind === "tool"
        ? {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                id: a.toolId,
                type: "function",
                function: { name: a.toolName, arguments: a.tokens.join("") },
              },
            ],
          }
        : { role: "assistant", content: a.tokens.join("") };
    // As OpenAI answers: `refusal` and `logprobs` are always present (null when not given).
    const choice = {
      index: 0,
      message: { ...message, refusal: null },
      logprobs: logprobsOf(a, a.tokens),
      finish_reason: a.kind === "tool" ? "tool_calls" : "stop",
    };
    return JSON.stringify({
      id: "chatcmpl-fake",
      object: "chat.completion",
      created: CREATED,
      model,
      choices: Array.from({ length: a.choices }, (_, index) => ({ ...choice, index })),
      ...(usage
        ? {
            usage: {
              prompt_tokens: a.promptTokens,
              completion_tokens: a.completionTokens * a.choices,
              total_tokens: a.promptTokens + a.completionTokens * a.choices,
              prompt_tokens_details: { cached_tokens: a.cachedTokens },
            },
          }
        : {}),
    });
  },
  frames(a, model, usage) {
    const base = { id: "chatcmpl-fake", object: "chat.completion.chunk", created: CREATED, model };
    // With `n` > 1, every frame is sent once per choice, the choices interleaved as OpenAI does.
    const chunk = (
      delta: unknown,
      finish: string | null = null,
      logprobs: unknown = null,
    ): string => {
      let text = "";
      for (let index = 0; index < a.choices; index++)
        text += data({ ...base, choices: [{ index, delta, logprobs, finish_reason: finish }] });
      return text;
    };
    const frames: WireFrame[] = [
      { text: chunk({ role: "assistant", content: "" }), content: false },
    ];
    if (a.kind === "tool") {
      frames.push({
        text: chunk({
          tool_calls: [
            {
              index: 0,
              id: a.toolId,
              type: "function",
              function: { name: a.toolName, arguments: "" },
            },
          ],
        }),
        content: true,
      });
      for (const t of a.tokens) {
        frames.push({
          text: chunk({ tool_calls: [{ index: 0, function: { arguments: t } }] }),
          content: true,
        });
      }
    } else {
      for (const t of a.tokens)
        frames.push({ text: chunk({ content: t }, null, logprobsOf(a, [t])), content: true });
    }
    frames.push({ text: chunk({}, a.kind === "tool" ? "tool_calls" : "stop"), content: false });
    if (usage) {
      frames.push({
        text: data({
          ...base,
          choices: [],
          usage: {
            prompt_tokens: a.promptTokens,
            completion_tokens: a.completionTokens * a.choices,
            total_tokens: a.promptTokens + a.completionTokens * a.choices,
            prompt_tokens_details: { cached_tokens: a.cachedTokens },
          },
        }),
        content: false,
      });
    }
    frames.push({ text: "data: [DONE]\n\n", content: false });
    return frames;
  },
  errorFrame: (code, message) => data({ error: { message, type: code, code } }),
  errorBody: (code, message) =>
    JSON.stringify({ error: { message, type: code, code, param: null } }),
};

export const anthropicWire: WireFormat = {
  body(a, model, usage) {
    const content =
      a.kind === "tool"
        ? [
            {
              type: "tool_use",
              id: a.toolId,
              name: a.toolName,
              input: JSON.parse(a.tokens.join("")) as unknown,
            },
          ]
        : [{ type: "text", text: a.tokens.join("") }];
    return JSON.stringify({
      id: "msg_fake",
      type: "message",
      role: "assistant",
      model,
      content,
      stop_reason: a.kind === "tool" ? "tool_use" : "end_turn",
      stop_sequence: null,
      ...(usage
        ? {
            usage: {
              input_tokens: a.promptTokens - a.cachedTokens,
              output_tokens: a.completionTokens,
              cache_read_input_tokens: a.cachedTokens,
              cache_creation_input_tokens: 0,
            },
          }
        : {}),
    });
  },
  frames(a, model, usage) {
    const start = {
      type: "message_start",
      message: {
        id: "msg_fake",
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        ...(usage
          ? {
              usage: {
                input_tokens: a.promptTokens - a.cachedTokens,
                output_tokens: 1,
                cache_read_input_tokens: a.cachedTokens,
              },
            }
          : {}),
      },
    };
    const frames: WireFrame[] = [{ text: named("message_start", start), content: false }];
    const block =
      a.kind === "tool"
        ? { type: "tool_use", id: a.toolId, name: a.toolName, input: {} }
        : { type: "text", text: "" };
    frames.push({
      text: named("content_block_start", {
        type: "content_block_start",
        index: 0,
        content_block: block,
      }),
      content: false,
    });
    frames.push({ text: named("ping", { type: "ping" }), content: false });
    for (const t of a.tokens) {
      const delta =
        a.kind === "tool"
          ? { type: "input_json_delta", partial_json: t }
          : { type: "text_delta", text: t };
      frames.push({
        text: named("content_block_delta", { type: "content_block_delta", index: 0, delta }),
        content: true,
      });
    }
    frames.push({
      text: named("content_block_stop", { type: "content_block_stop", index: 0 }),
      content: false,
    });
    frames.push({
      text: named("message_delta", {
        type: "message_delta",
        delta: { stop_reason: a.kind === "tool" ? "tool_use" : "end_turn", stop_sequence: null },
        ...(usage ? { usage: { output_tokens: a.completionTokens } } : {}),
      }),
      content: false,
    });
    frames.push({ text: named("message_stop", { type: "message_stop" }), content: false });
    return frames;
  },
  errorFrame: (code, message) => named("error", { type: "error", error: { type: code, message } }),
  errorBody: (code, message) => JSON.stringify({ type: "error", error: { type: code, message } }),
};
