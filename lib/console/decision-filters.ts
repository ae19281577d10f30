import "server-only";
import type { DecisionListQuery } from "@/lib/schemas/console/decisions";

/** Filters of the decision list (lib/db/decision-reads), from the validated query string. */
export interface DecisionFilterValues {
  from?: Date;
  to?: Date;
  tenantId?: string;
  routeSlug?: string;
  model?: string;
  status?: NonNullable<DecisionListQuery["status"]>;
  escalated?: boolean;
  fellBack?: boolean;
  minCostUsd?: number;
  maxCostUsd?: number;
}

export function toDecisionFilters(q: DecisionListQuery): DecisionFilterValues {
  const f: DecisionFilterValues = {};
  if (q.from !== undefined) f.from = new Date(q.from);
  if (q.to !== undefined) f.to = new Date(q.to);
  if (q.tenantId !== undefined) f.tenantId = q.tenantId;
  if (q.route !== undefined) f.routeSlug = q.route;
  if (q.model !== undefined) f.model = q.model;
  if (q.status !== undefined) f.status = q.status;
  if (q.escalated !== undefined) f.escalated = q.escalated === "true";
  if (q.fellBack !== undefined) f.fellBack = q.fellBack === "true";
  if (q.minCost !== undefined) f.minCostUsd = q.minCost;
  if (q.maxCost !== undefined) f.maxCostUsd = q.maxCost;
  return f;
}
