/**
 * Feedback persistence: batched idempotent upserts of outcomes (one row per (decision, metric,
 * source); a resend replaces the value) with their quality rollups in one transaction, on the
 * driver like the decision log (lib/db/decisions.ts), and the decision point lookups the feedback
 * endpoint needs. The console's quality report reads the rollups (quality-report.ts).
 */
import { hash } from "node:crypto";
import {
  foldQualityDeltas,
  type FeedbackFact,
  type QualityRollupRow,
} from "@/lib/decision-log/quality-rollup";
import { isUuid } from "@/lib/ids";
import type { FeedbackSource } from "@/lib/vocabulary";
import type { PrismaClient } from "./generated/client";
import { sqlDate, sqlInt, sqlQuery, sqlTransaction, type SqlQuery } from "./engine/raw-sql";

/** One feedback value as the writer queues it. */
export interface FeedbackItem extends FeedbackFact {
  id: string;
  decisionId: string;
  tenantId: string;
  source: FeedbackSource;
  comment: string | null;
  endUserId: string | null;
  receivedAt: Date;
}

/** What a decision contributes to its feedback (tenant checks, rollup dimensions). */
export interface DecisionRef {
  id: string;
  requestId: string;
  tenantId: string;
  routeSlug: string;
  /** The model that answered ("" when none did). */
  model: string;
  policyVersion: number;
  createdAt: Date;
}

/**
 * The feedback id: derived from its key, so every resend of (decision, metric, source) answers
 * the same id before anything is written (UUID layout, version 8: custom).
 */
export function feedbackIdOf(decisionId: string, metric: string, source: FeedbackSource): string {
  const h = hash("sha256", `${decisionId}\n${metric}\n${source}`, "hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const DECISION_REF_COLUMNS = `"id"::text AS "id", "requestId", "tenantId"::text AS "tenantId",
  "routeSlug", COALESCE("finalModel", '') AS "model", COALESCE("policyVersion", 0) AS "policyVersion",
  "createdAt"`;

/**
 * A stored decision of `tenantId`, by decision id or by request id (request ids are not unique:
 * the tenant's latest decision with it). Another tenant's decision is not found, like a missing one.
 */
export async function findDecisionRef(
  db: PrismaClient,
  tenantId: string,
  by: { decisionId: string } | { requestId: string },
): Promise<DecisionRef | null> {
  if ("decisionId" in by && !isUuid(by.decisionId)) return null;
  const rows =
    "decisionId" in by
      ? await sqlQuery<Record<string, unknown>>(
          db,
          `SELECT ${DECISION_REF_COLUMNS} FROM "Decision" WHERE "id" = $1::uuid AND "tenantId" = $2::uuid`,
          [by.decisionId, tenantId],
        )
      : await sqlQuery<Record<string, unknown>>(
          db,
          `SELECT ${DECISION_REF_COLUMNS} FROM "Decision" WHERE "requestId" = $1 AND "tenantId" = $2::uuid
           ORDER BY "createdAt" DESC LIMIT 1`,
          [by.requestId, tenantId],
        );
  const row = rows[0];
  if (!row) return null;
  return {
    id: String(row.id),
    requestId: String(row.requestId),
    tenantId: String(row.tenantId),
    routeSlug: String(row.routeSlug),
    model: String(row.model),
    policyVersion: sqlInt(row.policyVersion),
    createdAt: sqlDate(row.createdAt),
  };
}

/** What one batch did: rows inserted, and rows whose value was replaced. */
export interface FeedbackBatchResult {
  inserted: number;
  replaced: number;
}

/**
 * Upserts a batch of feedback and adds its rollup deltas in one transaction. Within a batch the
 * last value of a key wins. The stored rows of the batch's keys are read and locked first, so a
 * replaced value leaves the rollups as its old value removed and its new one added.
 */
export async function writeFeedbackBatch(
  db: PrismaClient,
  batch: readonly FeedbackItem[],
): Promise<FeedbackBatchResult> {
  if (batch.length === 0) return { inserted: 0, replaced: 0 };
  const latest = new Map<string, FeedbackItem>();
  for (const item of batch) latest.set(item.id, item);
  const items = [...latest.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  return sqlTransaction(db, async (query) => {
    const old = await query<Record<string, unknown>>(LOCK_STORED, [
      JSON.stringify(items.map((i) => i.id)),
    ]);
    const removed: FeedbackFact[] = old.map((row) => ({
      decisionAt: sqlDate(row.decisionAt),
      routeSlug: String(row.routeSlug),
      model: String(row.model),
      policyVersion: sqlInt(row.policyVersion),
      metric: String(row.metric),
      value: row.value === null ? null : Number(row.value),
      category: row.category === null ? null : String(row.category),
    }));
    await query(UPSERT_FEEDBACK, [JSON.stringify(items.map(feedbackRow))]);
    await upsertQualityRollups(query, foldQualityDeltas(items, removed));
    return { inserted: items.length - old.length, replaced: old.length };
  });
}

async function upsertQualityRollups(
  query: SqlQuery,
  rows: readonly QualityRollupRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const json = rows.map((r) => [
    r.bucketStart.toISOString(),
    r.routeSlug,
    r.model,
    r.policyVersion,
    r.metric,
    r.category,
    r.count,
    r.sum,
    r.sumSquares,
  ]);
  await query(UPSERT_QUALITY, [JSON.stringify(json)]);
}

function feedbackRow(i: FeedbackItem): unknown[] {
  return [
    i.id,
    i.decisionId,
    i.tenantId,
    i.routeSlug,
    i.model,
    i.policyVersion,
    i.decisionAt.toISOString(),
    i.metric,
    i.source,
    i.value,
    i.category,
    i.comment,
    i.endUserId,
    i.receivedAt.toISOString(),
  ];
}

// Ids are derived from (decision, metric, source) (feedbackIdOf), so the id is the key; rows are
// locked in id order, the same order every writer upserts in (no deadlock between instances).
const LOCK_STORED = `
  SELECT "decisionAt", "routeSlug", "model", "policyVersion", "metric", "value", "category"
  FROM "Feedback" WHERE "id" IN (SELECT (x #>> '{}')::uuid FROM jsonb_array_elements($1::jsonb) AS x)
  ORDER BY "id" FOR UPDATE`;

const UPSERT_FEEDBACK = `
  INSERT INTO "Feedback" ("id", "decisionId", "tenantId", "routeSlug", "model", "policyVersion",
    "decisionAt", "metric", "source", "value", "category", "comment", "endUserId", "createdAt", "updatedAt")
  SELECT (x->>0)::uuid, (x->>1)::uuid, (x->>2)::uuid, x->>3, x->>4, (x->>5)::int,
    (x->>6)::timestamptz, x->>7, (x->>8)::"FeedbackSource", (x->>9)::float8, x->>10, x->>11, x->>12,
    (x->>13)::timestamptz, (x->>13)::timestamptz
  FROM jsonb_array_elements($1::jsonb) AS x
  ON CONFLICT ("decisionId", "metric", "source") DO UPDATE SET
    "value" = EXCLUDED."value",
    "category" = EXCLUDED."category",
    "comment" = EXCLUDED."comment",
    "endUserId" = EXCLUDED."endUserId",
    "updatedAt" = EXCLUDED."updatedAt"`;

const UPSERT_QUALITY = `
  INSERT INTO "QualityRollup" ("bucketStart", "routeSlug", "model", "policyVersion", "metric",
    "category", "count", "sum", "sumSquares")
  SELECT (x->>0)::timestamptz, x->>1, x->>2, (x->>3)::int, x->>4, x->>5, (x->>6)::int,
    (x->>7)::float8, (x->>8)::float8
  FROM jsonb_array_elements($1::jsonb) AS x
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ("bucketStart", "routeSlug", "model", "policyVersion", "metric", "category")
  DO UPDATE SET
    "count" = "QualityRollup"."count" + EXCLUDED."count",
    "sum" = "QualityRollup"."sum" + EXCLUDED."sum",
    "sumSquares" = "QualityRollup"."sumSquares" + EXCLUDED."sumSquares"`;
