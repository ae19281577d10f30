/** Request and response contracts of the global rollback toggle. */
import { z } from "zod";

export const SetRollbackSchema = z.discriminatedUnion("enabled", [
  z.strictObject({
    enabled: z.literal(true),
    routeSlug: z.string().min(1, "choose the known-good route"),
    reason: z.string().trim().min(3, "say why (at least 3 characters)").max(500),
  }),
  z.strictObject({
    enabled: z.literal(false),
    reason: z.string().trim().max(500).default(""),
  }),
]);
export type SetRollbackInput = z.infer<typeof SetRollbackSchema>;

// Answers (typed, not parsed: the console trusts its own server; lib/db builds them).
export interface RollbackState {
  enabled: boolean;
  routeSlug: string | null;
  reason: string;
  changedBy: string | null;
  changedAt: string | null;
}
