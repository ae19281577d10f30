/** Request and response contracts of the console's routes & policies API. */
import { z } from "zod";
import { lenientLimit } from "./list-query";

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

// Answers (typed, not parsed: the console trusts its own server; lib/db builds them).
export interface RouteSummary {
  id: string;
  slug: string;
  description: string;
  baselineModelSlug: string | null;
  contentInspection: boolean;
  activeVersion: {
    id: string;
    version: number;
    comment: string;
    publishedAt: string | null;
  } | null;
  requests24h: number;
  updatedAt: string;
}

export interface RouteDetail extends RouteSummary {
  /** The active policy document, or null when the route has no active version. */
  document: unknown;
}

export interface PolicyVersionSummary {
  id: string;
  version: number;
  comment: string;
  createdAt: string;
  createdBy: string | null;
  active: boolean;
}

export interface PolicyVersionDetail extends PolicyVersionSummary {
  routeSlug: string;
  document: unknown;
}

export interface DryRunResult {
  sampled: number;
  /** Samples not replayed: rejected before routing (budget, policy) or without stored features. */
  skipped: number;
  replayed: number;
  changedModel: number;
  newlyRejected: number;
  costBeforeUsd: number;
  costAfterUsd: number;
  /** Observed escalations vs expected escalations under the draft. */
  escalationsBefore: number;
  escalationsAfter: number;
  meanLatencyBeforeMs: number;
  meanLatencyAfterMs: number;
  /** Most common model changes, largest first. */
  transitions: { from: string; to: string; count: number }[];
  /** How often each rule (or "(default)") matched under the draft. */
  ruleMatches: { rule: string; count: number }[];
  /** True when the draft has content rules, which a replay cannot evaluate (no prompt text). */
  contentRulesIgnored: boolean;
}

/** A registry warning about a policy (disabled model or provider): published anyway, shown. */
export interface PolicyWarning {
  /** JSON path of the field under `document`, e.g. `document.rules[2].then.model`. */
  path: string;
  message: string;
}

export interface DryRunReport extends DryRunResult {
  routeSlug: string;
  activeVersion: number | null;
  /** Registry warnings about the draft (disabled models and providers). */
  warnings: PolicyWarning[];
}

/**
 * Query of GET /api/console/routes/:slug/versions: `cursor` is the version number the previous
 * page ended at. Lenient, as it has always been: a cursor that is not a positive number is the
 * first page, and other parameters are ignored.
 */
export const PolicyVersionsQuerySchema = z.object({
  cursor: z
    .string()
    .optional()
    .transform((v) => Number(v) || null),
  limit: lenientLimit,
});

/** The answer to a publish (and to creating a route): the new version plus registry warnings. */
export type PublishedVersion = PolicyVersionSummary & { warnings: PolicyWarning[] };
