import type { ChatCompletionRequest, JsonSchema } from "../../schemas/openai-chat";
import { pickInt, pickOne } from "@/lib/random";

/** Plausible answers, cheap to make: a fixed word bank, the prompt's own keywords, a JSON schema. */

const WORDS = (
  "the a routing model request answer gateway provider latency cost budget policy token stream " +
  "result value data system user query response quality simple clear fast reliable cache step " +
  "first next then because however therefore this that which with from into over under about " +
  "should would could can will is are was be been each every most some many few more less"
).split(" ");
const OPENERS = ["Sure.", "Here is the answer.", "In short:", "Good question.", "To summarize:"];
const HEDGES = ["I'm not sure, but", "Possibly", "It might be that", "Hard to say;"];

export type Rng = () => number;

/** Up to `max` distinctive words from the last user message (the answer "stays on topic"). */
export function extractKeywords(request: ChatCompletionRequest, max = 6): string[] {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const m = request.messages[i];
    if (m?.role !== "user") continue;
    const text =
      typeof m.content === "string"
        ? m.content
        : m.content.map((p) => (p.type === "text" ? p.text : "")).join(" ");
    const words = text.slice(0, 2000).match(/[A-Za-z][A-Za-z-]{4,}/g) ?? [];
    return [...new Set(words.map((w) => w.toLowerCase()))].slice(0, max);
  }
  return [];
}

/** `count` word tokens (each a word plus its trailing space or punctuation). */
export function generateText(rng: Rng, count: number, keywords: string[], good: boolean): string[] {
  const tokens: string[] = [];
  const opener = good ? pickOne(rng, OPENERS) : pickOne(rng, HEDGES);
  for (const w of opener.split(" ")) tokens.push(w + " ");
  let sentence = 0;
  while (tokens.length < count) {
    const useKeyword = keywords.length > 0 && rng() < (good ? 0.25 : 0.05);
    let word = useKeyword ? pickOne(rng, keywords) : pickOne(rng, WORDS);
    if (sentence === 0) word = word.charAt(0).toUpperCase() + word.slice(1);
    sentence++;
    const end = sentence > 6 && rng() < 0.2;
    tokens.push(end ? `${word}. ` : `${word} `);
    if (end) sentence = 0;
  }
  tokens.length = Math.max(1, count);
  const last = tokens.length - 1;
  tokens[last] = (tokens[last] ?? "").trimEnd().replace(/[.,]?$/, ".");
  return tokens;
}

function generateValue(
  schema: JsonSchema | undefined,
  rng: Rng,
  depth: number,
  dropOne: boolean,
): unknown {
  const s = schema ?? {};
  if (Array.isArray(s.enum) && s.enum.length > 0) return pickOne(rng, s.enum as unknown[]);
  if (s.const !== undefined) return s.const;
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "string":
      return `${pickOne(rng, WORDS)} ${pickOne(rng, WORDS)}`;
    case "integer":
      return pickInt(rng, 0, 100);
    case "number":
      return Math.round(rng() * 1000) / 100;
    case "boolean":
      return rng() < 0.5;
    case "null":
      return null;
    case "array": {
      if (depth > 4) return [];
      const items = (s.items ?? {}) as JsonSchema;
      return Array.from({ length: pickInt(rng, 1, 3) }, () =>
        generateValue(items, rng, depth + 1, false),
      );
    }
    default: {
      const props = (s.properties ?? {}) as Record<string, JsonSchema>;
      const required = Array.isArray(s.required) ? (s.required as string[]) : Object.keys(props);
      if (Object.keys(props).length === 0 && type !== "object")
        return `${pickOne(rng, WORDS)} ${pickOne(rng, WORDS)}`;
      if (depth > 4) return {};
      const out: Record<string, unknown> = {};
      const dropped = dropOne && required.length > 0 ? pickOne(rng, required) : undefined;
      for (const key of Object.keys(props)) {
        if (key === dropped) continue;
        if (required.includes(key) || rng() < 0.5)
          out[key] = generateValue(props[key], rng, depth + 1, false);
      }
      return out;
    }
  }
}

/**
 * A JSON answer: conforming to the schema's required fields (the common subset: type, properties,
 * required, items, enum, const), unless `good` is false, in which case one required field is missing.
 */
export function generateJson(
  rng: Rng,
  schema: JsonSchema | undefined,
  good: boolean,
  keywords: string[],
): string {
  if (!schema) {
    return JSON.stringify({
      answer: keywords.slice(0, 3).join(" ") || pickOne(rng, WORDS),
      confidence: good ? 0.9 : 0.4,
    });
  }
  return JSON.stringify(generateValue(schema, rng, 0, !good));
}

/** Splits text into stream pieces of roughly `size` characters (JSON and tool arguments). */
export function splitPieces(text: string, size = 6): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
