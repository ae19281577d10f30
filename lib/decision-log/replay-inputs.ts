/**
 * What the engine read besides the request's features, recorded with each decision so a dry run
 * can re-decide it exactly (docs/console.md, "Dry run"): the clock, the random draws of a split
 * without an end user, the tenant's budget state and allowlist, the models whose breaker was
 * open, the observed p95 latencies a latency SLA compared, the difficulty score a score band used,
 * exact token counts near a context window, and the policy keywords the prompt contained. Compact:
 * a field is present only when the engine used it and it differs from the replay's default.
 */
import { z } from "zod";

export const ReplayInputsSchema = z.object({
  /** Epoch ms the engine read as "now"; absent: the decision's `createdAt`. */
  now: z.number().optional(),
  /** The values `random()` returned, in order (weighted splits without an end-user id). */
  draws: z.array(z.number()).optional(),
  /** The tenant's budget state; absent: `ok`, nothing spent. */
  budget: z.object({ state: z.enum(["ok", "soft", "hard"]), fractionSpent: z.number() }).optional(),
  /** The tenant's model allowlist; absent: all models. */
  allowlist: z.array(z.string()).optional(),
  /** Models the engine found with an open breaker. */
  open: z.array(z.string()).optional(),
  /** Observed p95 latency (ms) per model, when a latency SLA compared them. */
  p95: z.record(z.string(), z.number()).optional(),
  /**
   * The difficulty a score band used (the exact value banding compared), the scorer's name, and
   * its version when it is one of the route's learned scorer versions (docs/quality.md).
   */
  score: z
    .object({ value: z.number(), scorer: z.string(), version: z.number().int().optional() })
    .optional(),
  /** Exact prompt token counts per tokenizer family (counted near a context window). */
  tokens: z.record(z.string(), z.number()).optional(),
  /**
   * Keywords of the active policy's content rules that the prompt contained (the policy's own
   * words, never prompt text): a replay of keyword rules sees exactly these.
   */
  terms: z.array(z.string()).optional(),
});
export type ReplayInputs = z.infer<typeof ReplayInputsSchema>;
