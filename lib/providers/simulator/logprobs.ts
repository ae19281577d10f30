import type {
  ChatCompletionRequest,
  ChoiceLogprobs,
  TokenLogprob,
} from "../../schemas/openai-chat";
import { fnv1a } from "@/lib/random";

/** OpenAI caps `top_logprobs` at 20. */
const MAX_TOP = 20;

/** The number of alternatives asked for, or null when the request wants no log probabilities. */
export function requestedTopLogprobs(request: ChatCompletionRequest): number | null {
  const top = request.top_logprobs;
  if (request.logprobs !== true && (top === undefined || top === null)) return null;
  return typeof top === "number" ? Math.max(0, Math.min(MAX_TOP, Math.floor(top))) : 0;
}

function bytesOf(token: string): number[] {
  return [...Buffer.from(token, "utf8")];
}

/** Made-up but stable log probabilities: the same piece always gets the same value. */
function entry(piece: string, top: number): TokenLogprob {
  const logprob = -((fnv1a(piece) % 2000) / 1000);
  const alternatives = Array.from({ length: top }, (_, i) => {
    const token = i === 0 ? piece : `${piece.trim()}~${i}`;
    return { token, logprob: i === 0 ? logprob : logprob - i, bytes: bytesOf(token) };
  });
  return { token: piece, logprob, bytes: bytesOf(piece), top_logprobs: alternatives };
}

/**
 * The simulator's `logprobs` for the given answer pieces, or null when not asked for. Tool-call
 * arguments carry none (as with OpenAI, log probabilities cover message content).
 */
export function simulateLogprobs(
  pieces: readonly string[],
  top: number | null,
  tool: boolean,
): ChoiceLogprobs | null {
  if (top === null) return null;
  return { content: tool ? null : pieces.map((p) => entry(p, top)), refusal: null };
}
