/** Request and response contracts of the console's fallback chains API. */
import { z } from "zod";
import { ErrorClassSchema } from "@/lib/schemas/policy";

const StepSchema = z.strictObject({
  modelSlug: z.string().min(1, "choose a model"),
  timeoutMs: z.number().int().min(100, "at least 100 ms").max(600_000),
  maxRetries: z.number().int().min(0).max(5),
});

const chainFields = {
  name: z.string().trim().min(1, "required").max(200),
  description: z.string().trim().max(1000).default(""),
  triggers: z.array(ErrorClassSchema).min(1, "pick at least one error class"),
  deadlineMs: z.number().int().min(100).max(600_000),
  steps: z.array(StepSchema).min(1, "add at least one step").max(10),
};

export const CreateChainSchema = z.strictObject({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, "lowercase letters, digits, dot, dash or underscore"),
  ...chainFields,
});
export type CreateChainInput = z.infer<typeof CreateChainSchema>;

export const UpdateChainSchema = z.strictObject(chainFields);
export type UpdateChainInput = z.infer<typeof UpdateChainSchema>;

// Answers (typed, not parsed: the console trusts its own server; lib/db builds them).
export interface ChainRecord {
  id: string;
  slug: string;
  name: string;
  description: string;
  triggers: string[];
  deadlineMs: number;
  steps: { modelSlug: string; timeoutMs: number; maxRetries: number }[];
  updatedAt: string;
}
