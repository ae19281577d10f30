/**
 * Quality metrics declared on a route: the contract of the console's metric API and the shape the
 * gateway checks `POST /v1/feedback` values against.
 */
import { z } from "zod";
import { METRIC_TYPES } from "@/lib/vocabulary";

/** A metric name clients send in `metric` (stable: rollups are keyed by it). */
export const METRIC_NAME = /^[a-z][a-z0-9_.-]{0,62}$/;

export const RouteMetricInputSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .regex(METRIC_NAME, "lowercase letters, digits, dot, dash or underscore; 1–63 characters"),
    type: z.enum(METRIC_TYPES),
    min: z.number().finite().nullable().default(null),
    max: z.number().finite().nullable().default(null),
    categories: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
    higherIsBetter: z.boolean().default(true),
    description: z.string().trim().max(500).default(""),
  })
  .superRefine((m, ctx) => {
    if (m.type !== "number" && (m.min !== null || m.max !== null))
      ctx.addIssue({ code: "custom", path: ["min"], message: "only number metrics have a range" });
    if (m.type === "number" && m.min !== null && m.max !== null && m.min > m.max)
      ctx.addIssue({ code: "custom", path: ["max"], message: "max must be at least min" });
    if (m.type === "category" && m.categories.length === 0)
      ctx.addIssue({ code: "custom", path: ["categories"], message: "name at least one category" });
    if (m.type !== "category" && m.categories.length > 0)
      ctx.addIssue({ code: "custom", path: ["categories"], message: "only category metrics" });
    if (new Set(m.categories).size !== m.categories.length)
      ctx.addIssue({ code: "custom", path: ["categories"], message: "categories repeat" });
  });
export type RouteMetricInput = z.infer<typeof RouteMetricInputSchema>;

/** A declared metric as stored and as the gateway caches it. */
export interface RouteMetric extends RouteMetricInput {
  id: string;
  routeSlug: string;
}
