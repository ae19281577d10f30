import type { TokenizerFamily } from "@/lib/vocabulary";
/**
 * Token counting: a calibrated character-class estimate everywhere, exact counts (gpt-tokenizer)
 * only when the estimate lands near a context window. Calibration against o200k_base/cl100k_base
 * (English prose 1.00, code 1.04, JSON 1.24, German 0.90–1.16, CJK 1.05–1.68, digits 0.94 of the
 * real count) is documented in docs/routing.md.
 */

/** Relative error the estimate is trusted within; nearer the window we count exactly. */
export const ESTIMATE_MARGIN = 0.2;
/** Tokens per message for role and framing. */
export const TOKENS_PER_MESSAGE = 4;
/** Flat cost charged per image part (a high-detail 512px tile set). */
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

/** An exact counter for the loaded tokenizer families. */
export type TokenCounter = (text: string, family: TokenizerFamily) => number;

/**
 * Loads gpt-tokenizer encodings lazily (each is a few MB) and returns a synchronous counter for
 * `RoutingContext.countTokens`. Unloaded families fall back to the estimate scaled up by the
 * margin, so a counter is always safe to call.
 */
export async function loadTokenCounter(
  families: readonly TokenizerFamily[] = ["o200k_base", "cl100k_base"],
): Promise<TokenCounter> {
  const loaded = new Map<TokenizerFamily, (text: string) => number>();
  for (const family of families) {
    const encoding =
      family === "o200k_base"
        ? await import("gpt-tokenizer/encoding/o200k_base")
        : await import("gpt-tokenizer/encoding/cl100k_base");
    loaded.set(family, (text) => encoding.countTokens(text));
  }
  return (text, family) => {
    const count = loaded.get(family);
    return count ? count(text) : Math.ceil(estimateTextTokens(text) * (1 + ESTIMATE_MARGIN));
  };
}
