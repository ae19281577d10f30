import type { ProviderKind } from "@/lib/vocabulary";

/** What an upstream kind can do beyond the common adapter contract. */
export interface ProviderFeatures {
  /** Returns token log probabilities (`logprobs`, `top_logprobs`). */
  logprobs: boolean;
  /** Answers `n > 1` itself; otherwise the adapter fans the request out (see `fan-out.ts`). */
  nativeChoices: boolean;
}

const FEATURES: Record<ProviderKind, ProviderFeatures> = {
  // Forwarded as asked; an OpenAI-compatible server that lacks either answers its own 400.
  openai_compatible: { logprobs: true, nativeChoices: true },
  anthropic: { logprobs: false, nativeChoices: false },
  // Made-up, stable values (lib/providers/simulator/logprobs.ts), so clients can be tested.
  simulator: { logprobs: true, nativeChoices: false },
};

export function providerFeatures(kind: ProviderKind): ProviderFeatures {
  return FEATURES[kind];
}

/** The number of choices a request asks for (`n`, default 1). */
export function choicesOf(request: { n?: number | null }): number {
  const n = request.n;
  return typeof n === "number" && n > 1 ? n : 1;
}
