/**
 * Limits and parameter checks of the chat completions body, called by `parseChatRequest` before
 * anything is routed. A request the gateway forwards must be one a provider can take: a body an
 * upstream chokes on (a field nested thousands deep overflows `JSON.stringify` while the upstream
 * body is built; a provider answers 400 or 500) is the caller's error, answered 400 here, and
 * never reaches a deployment's circuit breaker. Hand-written like the rest of the validator: a
 * few property reads per field, one walk of the body for its depth. The limits are documented in
 * docs/gateway.md ("Request validation").
 */
import { absent, invalid, isObject } from "./request-checks";
import { checkToolChoice, checkTools } from "./check-chat-tools";

/** Deepest nesting of the body (the body object itself is depth 1). */
export const MAX_JSON_DEPTH = 64;
export const MAX_MESSAGES = 4096;
export const MAX_STOP_SEQUENCES = 4;
export const MAX_LOGIT_BIAS_ENTRIES = 1024;
/** `model`, `user`: both are stored and compared, never free text. */
export const MAX_NAME_LENGTH = 256;
export const MAX_METADATA_ENTRIES = 16;
export const MAX_METADATA_KEY_LENGTH = 64;
export const MAX_METADATA_VALUE_LENGTH = 512;

type Body = Record<string, unknown>;

/** True when `value` nests deeper than `left` more levels (stops at the limit: no deep recursion). */
function tooDeep(value: unknown, left: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (left === 0) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (tooDeep(value[i], left - 1)) return true;
    return false;
  }
  for (const key in value) {
    if (tooDeep((value as Record<string, unknown>)[key], left - 1)) return true;
  }
  return false;
}

/** Throws a 400 when the body nests deeper than `MAX_JSON_DEPTH`. */
export function checkJsonDepth(body: Body): void {
  if (tooDeep(body, MAX_JSON_DEPTH)) {
    throw invalid("body", `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
}

function checkNumber(body: Body, field: string, min: number, max: number): void {
  const v = body[field];
  if (absent(v)) return;
  if (typeof v !== "number" || !(v >= min && v <= max)) {
    throw invalid(field, `'${field}' must be a number from ${min} to ${max}.`);
  }
}

function checkInteger(body: Body, field: string, min: number, max: number): void {
  const v = body[field];
  if (absent(v)) return;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw invalid(field, `'${field}' must be an integer from ${min} to ${max}.`);
  }
}

function checkType(body: Body, field: string, type: "boolean" | "string" | "object"): void {
  const v = body[field];
  if (absent(v)) return;
  if (type === "object" ? !isObject(v) : typeof v !== type) {
    throw invalid(field, `'${field}' must be ${type === "object" ? "an object" : `a ${type}`}.`);
  }
}

function checkStop(stop: unknown): void {
  if (absent(stop) || typeof stop === "string") return;
  if (
    !Array.isArray(stop) ||
    stop.length > MAX_STOP_SEQUENCES ||
    stop.some((s) => typeof s !== "string")
  ) {
    throw invalid(
      "stop",
      `'stop' must be a string or an array of at most ${MAX_STOP_SEQUENCES} strings.`,
    );
  }
}

function checkLogitBias(bias: unknown): void {
  if (absent(bias)) return;
  if (!isObject(bias)) throw invalid("logit_bias", "'logit_bias' must be an object.");
  let count = 0;
  for (const key in bias) {
    const v = bias[key];
    if (!/^\d{1,10}$/.test(key) || typeof v !== "number" || !(v >= -100 && v <= 100)) {
      throw invalid(
        `logit_bias.${key.slice(0, 32)}`,
        "'logit_bias' maps token ids to numbers from -100 to 100.",
      );
    }
    if (++count > MAX_LOGIT_BIAS_ENTRIES) {
      throw invalid("logit_bias", `'logit_bias' has more than ${MAX_LOGIT_BIAS_ENTRIES} entries.`);
    }
  }
}

function checkMetadataLimits(metadata: unknown): void {
  if (!isObject(metadata)) return;
  let count = 0;
  for (const key in metadata) {
    const value = metadata[key];
    if (++count > MAX_METADATA_ENTRIES) {
      throw invalid("metadata", `'metadata' has more than ${MAX_METADATA_ENTRIES} entries.`);
    }
    if (key.length > MAX_METADATA_KEY_LENGTH) {
      throw invalid(
        "metadata",
        `'metadata' keys are at most ${MAX_METADATA_KEY_LENGTH} characters.`,
      );
    }
    if (typeof value === "string" && value.length > MAX_METADATA_VALUE_LENGTH) {
      throw invalid(
        `metadata.${key}`,
        `'metadata.${key}' is longer than ${MAX_METADATA_VALUE_LENGTH} characters.`,
      );
    }
  }
}

const CONTENT_REQUIRED = new Set(["system", "developer", "user", "tool"]);

/**
 * One message's fields beyond role and content type (which `parseChatRequest` checks): content
 * present where OpenAI requires it, an assistant's `tool_calls`, a tool result's `tool_call_id`.
 * Adapters translate these (Anthropic), so a malformed one must not get that far.
 */
export function checkMessageFields(m: Record<string, unknown>, i: number): void {
  const at = `messages[${i}]`;
  if (absent(m.content) && CONTENT_REQUIRED.has(m.role as string)) {
    throw invalid(`${at}.content`, `'${at}.content' is required for role '${String(m.role)}'.`);
  }
  if (!absent(m.name) && typeof m.name !== "string") {
    throw invalid(`${at}.name`, `'${at}.name' must be a string.`);
  }
  if (m.role === "tool" && typeof m.tool_call_id !== "string") {
    throw invalid(`${at}.tool_call_id`, `'${at}.tool_call_id' must be a string.`);
  }
  const calls = m.tool_calls;
  if (absent(calls)) return;
  if (!Array.isArray(calls)) {
    throw invalid(`${at}.tool_calls`, `'${at}.tool_calls' must be an array.`);
  }
  for (let j = 0; j < calls.length; j++) {
    const call: unknown = calls[j];
    const fn = isObject(call) ? call.function : undefined;
    if (
      !isObject(call) ||
      typeof call.id !== "string" ||
      !isObject(fn) ||
      typeof fn.name !== "string" ||
      typeof fn.arguments !== "string"
    ) {
      throw invalid(
        `${at}.tool_calls[${j}]`,
        `'${at}.tool_calls[${j}]' must have an 'id' and a 'function' with string 'name' and 'arguments'.`,
      );
    }
  }
}

/** Per field, its check; fields without one pass through unchecked (or `parseChatRequest` has it). */
const FIELD_CHECKS: Readonly<Record<string, (body: Body, field: string) => void>> = {
  temperature: (b, f) => checkNumber(b, f, 0, 2),
  top_p: (b, f) => checkNumber(b, f, 0, 1),
  presence_penalty: (b, f) => checkNumber(b, f, -2, 2),
  frequency_penalty: (b, f) => checkNumber(b, f, -2, 2),
  seed: (b, f) => checkInteger(b, f, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  logprobs: (b, f) => checkType(b, f, "boolean"),
  top_logprobs: (b, f) => checkInteger(b, f, 0, 20),
  parallel_tool_calls: (b, f) => checkType(b, f, "boolean"),
  store: (b, f) => checkType(b, f, "boolean"),
  reasoning_effort: (b, f) => checkType(b, f, "string"),
  service_tier: (b, f) => checkType(b, f, "string"),
  verbosity: (b, f) => checkType(b, f, "string"),
  prompt_cache_key: (b, f) => checkType(b, f, "string"),
  safety_identifier: (b, f) => checkType(b, f, "string"),
  prediction: (b, f) => checkType(b, f, "object"),
  audio: (b, f) => checkType(b, f, "object"),
  web_search_options: (b, f) => checkType(b, f, "object"),
  stream_options: (b) => {
    if (!isObject(b.stream_options)) return;
    const usage = b.stream_options.include_usage;
    if (!absent(usage) && typeof usage !== "boolean") {
      throw invalid(
        "stream_options.include_usage",
        "'stream_options.include_usage' must be a boolean.",
      );
    }
  },
  stop: (b) => checkStop(b.stop),
  logit_bias: (b) => checkLogitBias(b.logit_bias),
  tools: (b) => checkTools(b.tools),
  tool_choice: (b) => checkToolChoice(b.tool_choice),
  metadata: (b) => checkMetadataLimits(b.metadata),
  user: (b) => {
    if (typeof b.user === "string" && b.user.length > MAX_NAME_LENGTH) {
      throw invalid("user", `'user' is longer than ${MAX_NAME_LENGTH} characters.`);
    }
  },
  model: (b) => {
    if ((b.model as string).length > MAX_NAME_LENGTH) {
      throw invalid("model", `'model' is longer than ${MAX_NAME_LENGTH} characters.`);
    }
  },
  messages: (b) => {
    if (Array.isArray(b.messages) && b.messages.length > MAX_MESSAGES) {
      throw invalid("messages", `'messages' has more than ${MAX_MESSAGES} entries.`);
    }
  },
};

/**
 * Types, ranges and counts of OpenAI's chat parameters (the checks `parseChatRequest` does not do
 * itself), driven by the fields the body has: a typical body has a handful, so this costs a few
 * lookups rather than one per known parameter. Unknown fields pass through untouched.
 */
export function checkChatParams(body: Body): void {
  for (const field in body) {
    const check = Object.hasOwn(FIELD_CHECKS, field) ? FIELD_CHECKS[field] : undefined;
    if (check !== undefined) check(body, field);
  }
}
