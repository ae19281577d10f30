/** Request contracts of the console's routes & policies API. */
import { z } from "zod";

const routeSlug = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, "lowercase letters, digits, dot, dash or underscore");

export const CreateRouteSchema = z.strictObject({
  slug: routeSlug,
  description: z.string().trim().max(500).default(""),
  baselineModelSlug: z.string().min(1).nullable().default(null),
  contentInspection: z.boolean().default(false),
  /** The first policy document; validated with the policy schema by the handler. */
  document: z.unknown(),
  comment: z.string().trim().max(500).default("Initial policy"),
});
export type CreateRouteInput = z.infer<typeof CreateRouteSchema>;

export const PublishPolicySchema = z.strictObject({
  document: z.unknown(),
  comment: z.string().trim().min(1, "say what changed and why").max(500),
  /** The version the draft was based on; a mismatch means someone published meanwhile. */
  baseVersionId: z.string().uuid().nullable().optional(),
});
export type PublishPolicyInput = z.infer<typeof PublishPolicySchema>;

export const RevertPolicySchema = z.strictObject({
  versionId: z.string().uuid(),
  comment: z.string().trim().max(500).default(""),
});
export type RevertPolicyInput = z.infer<typeof RevertPolicySchema>;

export const DryRunSchema = z.strictObject({
  document: z.unknown(),
  limit: z.number().int().min(1).max(5000).default(500),
});
export type DryRunInput = z.infer<typeof DryRunSchema>;

/** Route settings (not its policy, which only changes by publishing a version). */
export const UpdateRouteSchema = z
  .strictObject({
    description: z.string().trim().max(500, "At most 500 characters."),
    /** A model slug, or null for no baseline (savings are then not computed). */
    baselineModelSlug: z.string().trim().min(1, "Pick a model or none.").nullable(),
    contentInspection: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Change at least one field.");
export type UpdateRouteInput = z.infer<typeof UpdateRouteSchema>;
