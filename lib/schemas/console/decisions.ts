/** Console contracts for the decision log: list filters (query string) and the response shapes. */
import { z } from "zod";
import { DECISION_STATUSES } from "@/lib/vocabulary";

export const DecisionStatusSchema = z.enum(DECISION_STATUSES);

/** Orders the decision list can be read in (lib/db/decision-sort.ts). */
export const DECISION_SORT_KEYS = ["time", "cost", "latency"] as const;

const isoDate = z.iso.datetime({ offset: true, error: "expected an ISO date-time" });
const flag = z.enum(["true", "false"], { error: "expected true or false" });
const money = z.coerce
  .number({ error: "expected a number of US dollars" })
  .min(0, "must be 0 or more");

/** Query string of GET /api/console/decisions; every filter optional. */
export const DecisionListQuerySchema = z
  .strictObject({
    from: isoDate.optional(),
    to: isoDate.optional(),
    tenantId: z.guid("expected a tenant id").optional(),
    route: z.string().min(1).max(100).optional(),
    model: z.string().min(1).max(100).optional(),
    status: DecisionStatusSchema.optional(),
    escalated: flag.optional(),
    fellBack: flag.optional(),
    minCost: money.optional(),
    maxCost: money.optional(),
    cursor: z.string().min(1).max(400).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
    /** Server-side order: time (default), cost or latency; the cursor includes the sort key. */
    sort: z.enum(DECISION_SORT_KEYS, { error: "expected time, cost or latency" }).optional(),
    dir: z.enum(["asc", "desc"], { error: "expected asc or desc" }).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.minCost !== undefined && q.maxCost !== undefined && q.minCost > q.maxCost)
      ctx.addIssue({ code: "custom", path: ["maxCost"], message: "must be at least minCost" });
    if (q.from !== undefined && q.to !== undefined && Date.parse(q.from) >= Date.parse(q.to))
      ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
  });
export type DecisionListQuery = z.infer<typeof DecisionListQuerySchema>;

export const DecisionRowSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  createdAt: z.string(),
  tenantId: z.string().nullable(),
  routeSlug: z.string(),
  policyVersion: z.number().nullable(),
  strategy: z.string(),
  finalModel: z.string().nullable(),
  status: DecisionStatusSchema,
  errorClass: z.string().nullable(),
  httpStatus: z.number(),
  latencyMs: z.number(),
  ttftMs: z.number().nullable(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  baselineCostUsd: z.number(),
  savingsUsd: z.number(),
  escalated: z.boolean(),
  fellBack: z.boolean(),
  streamed: z.boolean(),
  isDemo: z.boolean(),
});
export type DecisionRow = z.infer<typeof DecisionRowSchema>;

export const DecisionPageSchema = z.object({
  items: z.array(DecisionRowSchema),
  nextCursor: z.string().nullable(),
});
export type DecisionPageView = z.infer<typeof DecisionPageSchema>;

export const AttemptViewSchema = z.object({
  position: z.number(),
  kind: z.string(),
  model: z.string(),
  provider: z.string(),
  startedAt: z.string(),
  ttftMs: z.number().nullable(),
  durationMs: z.number(),
  outcome: z.string(),
  errorClass: z.string().nullable(),
  httpStatus: z.number().nullable(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cachedTokens: z.number(),
  costUsd: z.number(),
  gate: z.unknown(),
});
export type AttemptView = z.infer<typeof AttemptViewSchema>;

export const DecisionDetailSchema = DecisionRowSchema.extend({
  apiKeyId: z.string().nullable(),
  endUserId: z.string().nullable(),
  policyVersionId: z.string().nullable(),
  ruleMatched: z.string().nullable(),
  features: z.unknown(),
  trace: z.unknown(),
  gateResults: z.unknown(),
  finalProvider: z.string().nullable(),
  cachedTokens: z.number(),
  usageEstimated: z.boolean(),
  promptHash: z.string().nullable(),
  tenantName: z.string().nullable(),
  attempts: z.array(AttemptViewSchema),
});
export type DecisionDetailView = z.infer<typeof DecisionDetailSchema>;

/** Options for the filter dropdowns: configured routes, models and tenants. */
export const DecisionFacetsSchema = z.object({
  routes: z.array(z.string()),
  models: z.array(z.string()),
  tenants: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type DecisionFacets = z.infer<typeof DecisionFacetsSchema>;

/** The explain trace as the detail page reads it (lib/router ExplainTrace), tolerant of extras. */
export const TraceViewSchema = z.object({
  requestedRoute: z.string().optional(),
  usedRoute: z.string().optional(),
  rules: z
    .array(
      z.object({
        ruleId: z.string(),
        matched: z.boolean(),
        conditions: z
          .array(
            z.object({
              path: z.string(),
              kind: z.string(),
              held: z.boolean(),
              note: z.string().optional(),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
  matchedRule: z.string().nullable().optional(),
  strategy: z.string().nullable().optional(),
  strategyDetail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  dropped: z
    .array(z.object({ model: z.string(), reason: z.string(), detail: z.string().optional() }))
    .default([]),
  overrides: z.array(z.object({ kind: z.string(), detail: z.string() })).default([]),
  hedge: z
    .object({ afterMs: z.number().nullable(), source: z.string(), note: z.string().optional() })
    .optional(),
});
export type TraceView = z.infer<typeof TraceViewSchema>;
