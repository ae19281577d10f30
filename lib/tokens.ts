/**
 * Token counting, once for the engine and the adapters: a calibrated character-class estimate,
 * and exact counts (gpt-tokenizer, each encoding loaded lazily once per process and shared) where
 * they matter: the engine near a context window, the adapters when an upstream reports no usage. Calibration against o200k_base/cl100k_base
 * (English prose 1.00, code 1.04, JSON 1.24, German 0.90–1.16, CJK 1.05–1.68, digits 0.94 of the
 * real count) is documented in docs/routing.md.
 */
import type { TokenizerFamily } from "@/lib/vocabulary";

/** Relative error the estimate is trusted within; nearer the window we count exactly. */
export const ESTIMATE_MARGIN = 0.2;
/** Tokens per message for role and framing. */
export const TOKENS_PER_MESSAGE = 4;
/** Flat cost charged per image part (OpenAI's price of a high-detail 512px tile set). */
export const TOKENS_PER_IMAGE = 765;

/** Estimates tokens of `text` from character classes, in one pass. */
export function estimateTextTokens(text: string): number {
  let letters = 0;
  let digits = 0;
  let punctuation = 0;
  let spaces = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) other++;
    else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) letters++;
    else if (c >= 48 && c <= 57) digits++;
    else if (c === 32 || c === 10 || c === 9 || c === 13) spaces++;
    else punctuation++;
  }
  return Math.ceil(letters / 4.4 + digits / 2.2 + punctuation / 1.5 + spaces / 10 + other / 0.8);
}

type Encode = (text: string) => number;
const loading = new Map<TokenizerFamily, Promise<Encode>>();
const loaded = new Map<TokenizerFamily, Encode>();

/** Loads one encoding (idempotent; a few MB and ~200 ms each, so only on first use). */
function loadEncoding(family: TokenizerFamily): Promise<Encode> {
  let promise = loading.get(family);
  if (!promise) {
    promise = (
      family === "o200k_base"
        ? import("gpt-tokenizer/encoding/o200k_base")
        : import("gpt-tokenizer/encoding/cl100k_base")
    ).then((m) => {
      const encode: Encode = (text) => m.countTokens(text);
      loaded.set(family, encode);
      return encode;
    });
    loading.set(family, promise);
  }
  return promise;
}

/** An exact counter for the loaded tokenizer families. */
export type TokenCounter = (text: string, family: TokenizerFamily) => number;

/**
 * Loads the encodings and returns a synchronous counter for `RoutingContext.countTokens`.
 * Unloaded families fall back to the estimate scaled up by the margin, so a counter is always
 * safe to call.
 */
export async function loadTokenCounter(
  families: readonly TokenizerFamily[] = ["o200k_base", "cl100k_base"],
): Promise<TokenCounter> {
  const counters = new Map<TokenizerFamily, Encode>();
  for (const family of families) counters.set(family, await loadEncoding(family));
  return (text, family) => {
    const count = counters.get(family);
    return count ? count(text) : Math.ceil(estimateTextTokens(text) * (1 + ESTIMATE_MARGIN));
  };
}

/**
 * Usage counting when an upstream reports none: o200k is exact for OpenAI's current models and
 * close for others. Await this at start-up to make counts exact from the first call.
 */
export function loadTokenizer(): Promise<Encode> {
  return loadEncoding("o200k_base");
}

/** The stand-in until the tokenizer is loaded: ~4 characters a token for prose and code. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

/** Counts exactly (loading the tokenizer if needed). */
export async function countTokens(text: string): Promise<number> {
  if (text.length === 0) return 0;
  return (await loadTokenizer())(text);
}

/** Counts exactly if the tokenizer is loaded, else estimates (and starts loading it). */
export function countTokensNow(text: string): number {
  const count = loaded.get("o200k_base");
  if (count) return count(text);
  void loadTokenizer().catch(() => undefined);
  return estimateTokens(text);
}
