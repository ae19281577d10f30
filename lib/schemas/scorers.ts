/**
 * Contracts of scorer versions (issue 15): the reference a score-band action makes to a trained
 * scorer, what a training run records (counts and the held-out evaluation), and the console's
 * views of a route's examples and versions.
 */
import { z } from "zod";

/** A score-band action's scorer: a learned version of the route's own scorers. */
export const ScorerRefSchema = z.strictObject({
  kind: z.literal("learned"),
  version: z.number().int().min(1),
});
export type ScorerRef = z.infer<typeof ScorerRefSchema>;

const count = z.number().int().min(0);
const share = z.number().min(0).max(1).nullable();
const finite = z.number().refine(Number.isFinite, "a finite number").nullable();

/** Counts of one training run. */
export const ScorerTrainingSchema = z.object({
  /** Stored examples read (every import of the route). */
  records: count,
  /** Examples without a small-tier outcome (not used). */
  skipped: count,
  /** Examples the model was fitted and calibrated on. */
  trained: count,
  /** Of those, how many the small tier failed (the positive class). */
  positives: count,
  /** Examples held out for the offline evaluation. */
  heldOut: count,
  seed: z.number().int(),
});
export type ScorerTraining = z.infer<typeof ScorerTrainingSchema>;

/**
 * Offline evaluation on the held-out fold, in RouteLLM's terms (docs/quality.md). APGR and CPT
 * need a strong and a weak outcome per example; `null` with `note` when the fold lacks them.
 */
export const ScorerEvaluationSchema = z.object({
  examples: count,
  apgr: finite,
  cpt50: share,
  cpt80: share,
  /** ROC AUC of the score against "the small tier fails the bar". */
  auc: finite,
  /** The built-in heuristic's APGR on the same fold: the bar a learned version has to clear. */
  heuristicApgr: finite,
  note: z.string().nullable(),
});
export type ScorerEvaluation = z.infer<typeof ScorerEvaluationSchema>;

/** A scorer version as the console lists it (the model weights stay server-side). */
export interface ScorerVersionSummary {
  id: string;
  routeSlug: string;
  version: number;
  kind: "learned";
  name: string;
  training: ScorerTraining;
  evaluation: ScorerEvaluation;
  createdAt: string;
  createdBy: string;
}

/** A route's stored labelled examples. */
export interface LabelledExamplesSummary {
  imports: number;
  examples: number;
  lastImportAt: string | null;
}

/** `POST …/scorers`: train a new version from the route's examples. */
export const TrainScorerSchema = z.strictObject({
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  /** Share of examples held out for the offline evaluation. */
  heldOutShare: z.number().min(0.05).max(0.5).default(0.2),
  /** A score below this fails the small tier (boolean outcomes ignore it). */
  bar: z.number().min(0).max(1).default(0.5),
});
export type TrainScorerInput = z.infer<typeof TrainScorerSchema>;
