/**
 * Console reads of the decision log: a filtered, cursor-paginated list (newest first by default,
 * or by cost or latency; keyset on (sort key, id), never OFFSET, see ./decision-sort.ts) and one
 * decision in detail with its attempts.
 */
import { isUuid } from "@/lib/ids";
import type { DecisionStatus, JsonValue } from "@/lib/decision-log/decision-record";
import {
  afterDecisionCursor,
  decisionOrderBy,
  DEFAULT_DECISION_SORT,
  encodeDecisionCursor,
  type DecisionSort,
} from "./decision-sort";
import { Prisma, type PrismaClient } from "./generated/client";

/** List filters; all optional, combined with AND. Time range is [from, to). */
export interface DecisionListFilters {
  from?: Date;
  to?: Date;
  tenantId?: string;
  routeSlug?: string;
  /** Final model slug. */
  model?: string;
  status?: DecisionStatus;
  escalated?: boolean;
  fellBack?: boolean;
  minCostUsd?: number;
  maxCostUsd?: number;
}

/** One row of the console's decision list. */
export interface DecisionSummary {
  id: string;
  requestId: string;
  createdAt: Date;
  tenantId: string | null;
  routeSlug: string;
  policyVersion: number | null;
  strategy: string;
  finalModel: string | null;
  status: DecisionStatus;
  errorClass: string | null;
  httpStatus: number;
  latencyMs: number;
  ttftMs: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  baselineCostUsd: number;
  savingsUsd: number;
  escalated: boolean;
  fellBack: boolean;
  streamed: boolean;
  isDemo: boolean;
}

/** One attempt, as the detail view shows it. */
export interface DecisionAttemptDetail {
  position: number;
  kind: string;
  model: string;
  provider: string;
  startedAt: Date;
  ttftMs: number | null;
  durationMs: number;
  outcome: string;
  errorClass: string | null;
  httpStatus: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
  gate: JsonValue | null;
}

/** The whole record of one decision. */
export interface DecisionDetail extends DecisionSummary {
  apiKeyId: string | null;
  endUserId: string | null;
  policyVersionId: string | null;
  ruleMatched: string | null;
  features: JsonValue;
  trace: JsonValue;
  gateResults: JsonValue;
  finalProvider: string | null;
  cachedTokens: number;
  usageEstimated: boolean;
  promptHash: string | null;
  content: JsonValue | null;
  attempts: DecisionAttemptDetail[];
}

/** A page of the list; pass `nextCursor` back to read the next page (null: no more). */
export interface DecisionPage {
  items: DecisionSummary[];
  nextCursor: string | null;
}

const summarySelect = {
  id: true,
  requestId: true,
  createdAt: true,
  tenantId: true,
  routeSlug: true,
  policyVersion: true,
  strategy: true,
  finalModel: true,
  status: true,
  errorClass: true,
  httpStatus: true,
  latencyMs: true,
  ttftMs: true,
  inputTokens: true,
  outputTokens: true,
  costUsd: true,
  baselineCostUsd: true,
  savingsUsd: true,
  escalated: true,
  fellBack: true,
  streamed: true,
  isDemo: true,
} as const satisfies Prisma.DecisionSelect;

const MAX_PAGE = 200;

/**
 * Lists decisions in `page.sort` order (default newest first), a keyset page at a time. `limit`
 * is clamped to 1..200 (default 50).
 */
export async function listDecisions(
  db: PrismaClient,
  filters: DecisionListFilters = {},
  page: { cursor?: string | null; limit?: number; sort?: DecisionSort } = {},
): Promise<DecisionPage> {
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(page.limit ?? 50)));
  const sort = page.sort ?? DEFAULT_DECISION_SORT;
  const and: Prisma.DecisionWhereInput[] = [toWhere(filters)];
  const after = afterDecisionCursor(sort, page.cursor);
  if (after !== null) and.push(after);
  const rows = await db.decision.findMany({
    where: { AND: and },
    orderBy: decisionOrderBy(sort),
    take: limit + 1,
    select: summarySelect,
  });
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  const nextCursor = rows.length > limit && last ? encodeDecisionCursor(sort, last) : null;
  return { items: pageRows.map(toSummary), nextCursor };
}

/** One decision with its attempts, or null. */
export async function getDecisionById(
  db: PrismaClient,
  id: string,
): Promise<DecisionDetail | null> {
  if (!isUuid(id)) return null;
  const row = await db.decision.findUnique({
    where: { id },
    include: { attempts: { orderBy: { position: "asc" } } },
  });
  if (row === null) return null;
  return {
    ...toSummary(row),
    apiKeyId: row.apiKeyId,
    endUserId: row.endUserId,
    policyVersionId: row.policyVersionId,
    ruleMatched: row.ruleMatched,
    features: json(row.features),
    trace: json(row.trace),
    gateResults: json(row.gateResults),
    finalProvider: row.finalProvider,
    cachedTokens: row.cachedTokens,
    usageEstimated: row.usageEstimated,
    promptHash: row.promptHash,
    content: row.content === null ? null : json(row.content),
    attempts: row.attempts.map((a) => ({
      position: a.position,
      kind: a.kind,
      model: a.model,
      provider: a.provider,
      startedAt: a.startedAt,
      ttftMs: a.ttftMs,
      durationMs: a.durationMs,
      outcome: a.outcome,
      errorClass: a.errorClass,
      httpStatus: a.httpStatus,
      inputTokens: a.inputTokens,
      outputTokens: a.outputTokens,
      cachedTokens: a.cachedTokens,
      costUsd: a.costUsd.toNumber(),
      gate: a.gate === null ? null : json(a.gate),
    })),
  };
}

/** JSON read from the database has no `undefined` members: Prisma's type is only wider. */
function json(value: Prisma.JsonValue): JsonValue {
  return value as JsonValue;
}

type SummaryRow = Prisma.DecisionGetPayload<{ select: typeof summarySelect }>;

function toSummary(row: SummaryRow): DecisionSummary {
  return {
    ...row,
    costUsd: row.costUsd.toNumber(),
    baselineCostUsd: row.baselineCostUsd.toNumber(),
    savingsUsd: row.savingsUsd.toNumber(),
  };
}

function toWhere(f: DecisionListFilters): Prisma.DecisionWhereInput {
  const where: Prisma.DecisionWhereInput = {};
  if (f.from !== undefined || f.to !== undefined) {
    where.createdAt = {
      ...(f.from === undefined ? {} : { gte: f.from }),
      ...(f.to === undefined ? {} : { lt: f.to }),
    };
  }
  if (f.tenantId !== undefined) where.tenantId = f.tenantId;
  if (f.routeSlug !== undefined) where.routeSlug = f.routeSlug;
  if (f.model !== undefined) where.finalModel = f.model;
  if (f.status !== undefined) where.status = f.status;
  if (f.escalated !== undefined) where.escalated = f.escalated;
  if (f.fellBack !== undefined) where.fellBack = f.fellBack;
  if (f.minCostUsd !== undefined || f.maxCostUsd !== undefined) {
    where.costUsd = {
      // Through the number's shortest decimal form: 0.009 must compare as 0.009, not as the
      // binary double just below it.
      ...(f.minCostUsd === undefined ? {} : { gte: new Prisma.Decimal(String(f.minCostUsd)) }),
      ...(f.maxCostUsd === undefined ? {} : { lte: new Prisma.Decimal(String(f.maxCostUsd)) }),
    };
  }
  return where;
}
