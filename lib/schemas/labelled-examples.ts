/**
 * Contracts of labelled examples for scorers (issue 15): the JSONL import of outcomes per model or
 * tier, and the evaluation sample of strong/weak answer quality. One JSON object per line.
 */
import { z } from "zod";

const message = z.object({
  role: z.string().min(1),
  content: z.union([z.string(), z.null(), z.array(z.record(z.string(), z.unknown()))]),
});

/** Request metadata as a client sends it in the body's `metadata` (tags comma-separated or a list). */
const metadata = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** A pass (boolean) or a quality score in [0, 1]. */
export const OutcomeSchema = z.union([z.boolean(), z.number().min(0).max(1)]);
export type Outcome = z.infer<typeof OutcomeSchema>;

const prompted = {
  prompt: z.string().optional(),
  messages: z.array(message).min(1).optional(),
  metadata: metadata.optional(),
};
const onePrompt = (value: { prompt?: string; messages?: unknown[] }) =>
  (value.prompt === undefined) !== (value.messages === undefined);
const onePromptMessage = { message: "give exactly one of prompt and messages" };

/**
 * One imported labelled example: `outcomes` maps a model slug or a tier name ("weak", "small",
 * "strong", ...) to whether its answer passed, or its quality score.
 */
export const LabelledExampleSchema = z
  .object({
    ...prompted,
    outcomes: z
      .record(z.string().min(1), OutcomeSchema)
      .refine((o) => Object.keys(o).length > 0, "at least one outcome"),
  })
  .refine(onePrompt, onePromptMessage);
export type LabelledExample = z.infer<typeof LabelledExampleSchema>;

/** One evaluation example: the quality of the strong and of the weak tier's answer. */
export const EvalExampleSchema = z
  .object({
    id: z.union([z.string(), z.number()]),
    ...prompted,
    strong: OutcomeSchema,
    weak: OutcomeSchema,
  })
  .refine(onePrompt, onePromptMessage);
export type EvalExample = z.infer<typeof EvalExampleSchema>;
