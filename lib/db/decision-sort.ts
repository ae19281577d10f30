/**
 * Sort orders of the decision list and their keyset cursors. Every order is total: the sort key,
 * then the id in the same direction, so pages never repeat or skip a row. The cursor carries the
 * order it was made for; a cursor from another order (or garbage) reads as the first page.
 * Indexes: (createdAt, id), (costUsd, id), (latencyMs, id), each descending (Postgres scans them
 * backwards for ascending orders).
 */
import { isUuid } from "@/lib/ids";
import { DECISION_SORT_KEYS } from "@/lib/schemas/console/decisions";
import { Prisma } from "./generated/client";

export { DECISION_SORT_KEYS };
export type DecisionSortKey = (typeof DECISION_SORT_KEYS)[number];
export interface DecisionSort {
  key: DecisionSortKey;
  dir: "asc" | "desc";
}
export const DEFAULT_DECISION_SORT: DecisionSort = { key: "time", dir: "desc" };

/** The values of the last row of a page that the next page continues after. */
export interface SortKeyRow {
  id: string;
  createdAt: Date;
  costUsd: Prisma.Decimal;
  latencyMs: number;
}

export function decisionOrderBy(sort: DecisionSort): Prisma.DecisionOrderByWithRelationInput[] {
  const column = { time: "createdAt", cost: "costUsd", latency: "latencyMs" } as const;
  return [{ [column[sort.key]]: sort.dir }, { id: sort.dir }];
}

export function encodeDecisionCursor(sort: DecisionSort, row: SortKeyRow): string {
  const value =
    sort.key === "time"
      ? row.createdAt.toISOString()
      : sort.key === "cost"
        ? row.costUsd.toString() // exact decimal, not the rounded double
        : String(row.latencyMs);
  return Buffer.from(JSON.stringify([sort.key, sort.dir, value, row.id])).toString("base64url");
}

/** The condition "after the cursor" in `sort`'s order, or null to start at the first page. */
export function afterDecisionCursor(
  sort: DecisionSort,
  cursor: string | null | undefined,
): Prisma.DecisionWhereInput | null {
  if (!cursor) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length !== 4) return null;
  const [key, dir, value, id] = parts as unknown[];
  if (key !== sort.key || dir !== sort.dir || typeof value !== "string") return null;
  if (typeof id !== "string" || !isUuid(id)) return null;
  const op = sort.dir === "desc" ? "lt" : "gt";
  const after = (field: Prisma.DecisionWhereInput, past: Prisma.DecisionWhereInput) => ({
    OR: [past, { ...field, id: { [op]: id } }],
  });
  if (sort.key === "time") {
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) return null;
    return after({ createdAt: at }, { createdAt: { [op]: at } });
  }
  if (sort.key === "cost") {
    if (!/^\d+(\.\d+)?$/.test(value)) return null;
    const cost = new Prisma.Decimal(value);
    return after({ costUsd: cost }, { costUsd: { [op]: cost } });
  }
  const ms = Number(value);
  if (!Number.isInteger(ms)) return null;
  return after({ latencyMs: ms }, { latencyMs: { [op]: ms } });
}
