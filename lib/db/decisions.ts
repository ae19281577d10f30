/**
 * Decision log persistence: batched inserts of decisions + attempts with their rollups in one
 * transaction, and cursor-paginated reads for the console. Dashboards read lib/db/rollups.ts.
 */
import type { DecisionRecord, DecisionStatus, JsonValue } from "@/lib/telemetry/decision-record";
import { foldDecisionRollups, rollupKey, type RollupRow } from "@/lib/telemetry/rollup";
import { Prisma, type PrismaClient } from "./generated/client";

export type { PrismaClient as DecisionDb } from "./generated/client";

/** Rollup rows per upsert statement (17 parameters each). */
const ROLLUP_CHUNK = 500;

type Tx = Prisma.TransactionClient;

/** A background batch may wait and run longer than Prisma's 5 s default (cold query plans, a busy pool). */
const BATCH_TX = { maxWait: 10_000, timeout: 30_000 } as const;

/** What one batch did: rows inserted, and records skipped as duplicates (same request id). */
export interface DecisionBatchResult {
  inserted: number;
  duplicates: number;
}

/**
 * Inserts decisions and their attempts, and upserts the minute and hour rollups of the records
 * actually inserted (a duplicate request id is skipped, never double counted), all in one
 * transaction: either the whole batch is persisted or nothing is.
 */
export async function insertDecisionBatch(
  db: PrismaClient,
  records: readonly DecisionRecord[],
): Promise<DecisionBatchResult> {
  if (records.length === 0) return { inserted: 0, duplicates: 0 };
  return db.$transaction(async (tx) => {
    // One jsonb parameter per statement, unpacked by jsonb_to_recordset: Postgres parses the
    // batch in one go (Prisma's createMany costs ~2 ms of client CPU per row here).
    const created = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "Decision" (${DECISION_COLUMNS})
      SELECT ${DECISION_COLUMNS} FROM jsonb_to_recordset(${JSON.stringify(records.map(toDecisionJson))}::jsonb)
        AS x(${DECISION_TYPES})
      ON CONFLICT DO NOTHING
      RETURNING "id"::text AS "id"`;
    const ids = new Set(created.map((row) => row.id));
    const kept: DecisionRecord[] = [];
    for (const record of records) {
      if (ids.delete(record.id)) kept.push(record);
    }
    const attempts = kept.flatMap((record) =>
      record.attempts.map((a) => ({
        decisionId: record.id,
        position: a.position,
        kind: a.kind,
        model: a.model,
        provider: a.provider,
        startedAt: a.startedAt.toISOString(),
        ttftMs: a.ttftMs === null ? null : Math.round(a.ttftMs),
        durationMs: Math.round(a.durationMs),
        outcome: a.outcome,
        errorClass: a.errorClass,
        httpStatus: a.httpStatus,
        inputTokens: a.inputTokens,
        outputTokens: a.outputTokens,
        cachedTokens: a.cachedTokens,
        costUsd: a.costUsd.toFixed(8),
        gate: a.gate,
      })),
    );
    if (attempts.length > 0) {
      await tx.$executeRaw`
        INSERT INTO "DecisionAttempt" ("id", ${ATTEMPT_COLUMNS})
        SELECT gen_random_uuid(), ${ATTEMPT_COLUMNS}
        FROM jsonb_to_recordset(${JSON.stringify(attempts)}::jsonb) AS x(${ATTEMPT_TYPES})`;
    }
    await upsertRollups(tx, foldDecisionRollups(kept));
    return { inserted: kept.length, duplicates: records.length - kept.length };
  }, BATCH_TX);
}

const DECISION_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ["id", "uuid"],
  ["requestId", "text"],
  ["createdAt", "timestamptz"],
  ["tenantId", "uuid"],
  ["apiKeyId", "uuid"],
  ["endUserId", "text"],
  ["routeSlug", "text"],
  ["policyVersionId", "uuid"],
  ["policyVersion", "int"],
  ["ruleMatched", "text"],
  ["strategy", "text"],
  ["features", "jsonb"],
  ["trace", "jsonb"],
  ["gateResults", "jsonb"],
  ["escalated", "boolean"],
  ["fellBack", "boolean"],
  ["streamed", "boolean"],
  ["finalModel", "text"],
  ["finalProvider", "text"],
  ["status", '"DecisionStatus"'],
  ["errorClass", "text"],
  ["httpStatus", "int"],
  ["latencyMs", "int"],
  ["ttftMs", "int"],
  ["inputTokens", "int"],
  ["outputTokens", "int"],
  ["cachedTokens", "int"],
  ["usageEstimated", "boolean"],
  ["costUsd", "numeric"],
  ["baselineCostUsd", "numeric"],
  ["savingsUsd", "numeric"],
  ["promptHash", "text"],
  ["content", "jsonb"],
  ["isDemo", "boolean"],
];

const ATTEMPT_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ["decisionId", "uuid"],
  ["position", "int"],
  ["kind", "text"],
  ["model", "text"],
  ["provider", "text"],
  ["startedAt", "timestamptz"],
  ["ttftMs", "int"],
  ["durationMs", "int"],
  ["outcome", "text"],
  ["errorClass", "text"],
  ["httpStatus", "int"],
  ["inputTokens", "int"],
  ["outputTokens", "int"],
  ["cachedTokens", "int"],
  ["costUsd", "numeric"],
  ["gate", "jsonb"],
];

// Fixed identifiers (never user input), so Prisma.raw is safe here.
const columns = (fields: typeof DECISION_FIELDS) =>
  Prisma.raw(fields.map(([n]) => `"${n}"`).join(", "));
const types = (fields: typeof DECISION_FIELDS) =>
  Prisma.raw(fields.map(([n, t]) => `"${n}" ${t}`).join(", "));
const DECISION_COLUMNS = columns(DECISION_FIELDS);
const DECISION_TYPES = types(DECISION_FIELDS);
const ATTEMPT_COLUMNS = columns(ATTEMPT_FIELDS);
const ATTEMPT_TYPES = types(ATTEMPT_FIELDS);

/** The record as one JSON object of column values (money as exact decimal strings). */
function toDecisionJson(r: DecisionRecord): Record<string, JsonValue> {
  return {
    id: r.id,
    requestId: r.requestId,
    createdAt: r.createdAt.toISOString(),
    tenantId: r.tenantId,
    apiKeyId: r.apiKeyId,
    endUserId: r.endUserId,
    routeSlug: r.routeSlug,
    policyVersionId: r.policyVersionId,
    policyVersion: r.policyVersion,
    ruleMatched: r.ruleMatched,
    strategy: r.strategy,
    features: r.features,
    trace: r.trace ?? {},
    gateResults: r.gateResults,
    escalated: r.escalated,
    fellBack: r.fellBack,
    streamed: r.streamed,
    finalModel: r.finalModel,
    finalProvider: r.finalProvider,
    status: r.status,
    errorClass: r.errorClass,
    httpStatus: r.httpStatus,
    latencyMs: Math.round(r.latencyMs),
    ttftMs: r.ttftMs === null ? null : Math.round(r.ttftMs),
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    cachedTokens: r.cachedTokens,
    usageEstimated: r.usageEstimated,
    costUsd: r.costUsd.toFixed(8),
    baselineCostUsd: r.baselineCostUsd.toFixed(8),
    savingsUsd: r.savingsUsd.toFixed(8),
    promptHash: r.promptHash,
    content: r.content,
    isDemo: r.isDemo,
  };
}

/**
 * Adds rows to DecisionRollup: counters summed, histograms summed element-wise. Rows are sorted
 * by key so concurrent writers lock them in the same order (no deadlock).
 */
async function upsertRollups(tx: Tx, rows: RollupRow[]): Promise<void> {
  const sorted = rows
    .map((row) => ({ row, key: rollupKey(row) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((entry) => entry.row);
  for (let i = 0; i < sorted.length; i += ROLLUP_CHUNK) {
    const values = sorted.slice(i, i + ROLLUP_CHUNK).map(
      (
        r,
      ) => Prisma.sql`(${r.bucketStart}::timestamptz, ${r.granularity}, ${r.routeSlug}, ${r.model},
        ${r.tenantId}, ${r.policyVersion}::int, ${r.requests}::int, ${r.errors}::int,
        ${r.escalations}::int, ${r.fallbacks}::int, ${r.inputTokens}::bigint,
        ${r.outputTokens}::bigint, ${r.costUsd.toFixed(8)}::numeric,
        ${r.baselineCostUsd.toFixed(8)}::numeric, ${r.latencySumMs}::bigint,
        ${`{${r.latencyHist.join(",")}}`}::int[], ${r.isDemo})`,
    );
    await tx.$executeRaw`
      INSERT INTO "DecisionRollup" ("bucketStart", "granularity", "routeSlug", "model", "tenantId",
        "policyVersion", "requests", "errors", "escalations", "fallbacks", "inputTokens",
        "outputTokens", "costUsd", "baselineCostUsd", "latencySumMs", "latencyHist", "isDemo")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("granularity", "bucketStart", "routeSlug", "model", "tenantId", "policyVersion")
      DO UPDATE SET
        "requests" = "DecisionRollup"."requests" + EXCLUDED."requests",
        "errors" = "DecisionRollup"."errors" + EXCLUDED."errors",
        "escalations" = "DecisionRollup"."escalations" + EXCLUDED."escalations",
        "fallbacks" = "DecisionRollup"."fallbacks" + EXCLUDED."fallbacks",
        "inputTokens" = "DecisionRollup"."inputTokens" + EXCLUDED."inputTokens",
        "outputTokens" = "DecisionRollup"."outputTokens" + EXCLUDED."outputTokens",
        "costUsd" = "DecisionRollup"."costUsd" + EXCLUDED."costUsd",
        "baselineCostUsd" = "DecisionRollup"."baselineCostUsd" + EXCLUDED."baselineCostUsd",
        "latencySumMs" = "DecisionRollup"."latencySumMs" + EXCLUDED."latencySumMs",
        "latencyHist" = ARRAY(
          SELECT COALESCE("DecisionRollup"."latencyHist"[i], 0) + COALESCE(EXCLUDED."latencyHist"[i], 0)
          FROM generate_series(1, GREATEST(COALESCE(cardinality("DecisionRollup"."latencyHist"), 0),
            cardinality(EXCLUDED."latencyHist"))) AS i
          ORDER BY i),
        "isDemo" = "DecisionRollup"."isDemo" OR EXCLUDED."isDemo"`;
  }
}

export type { DecisionStatus };
export {
  listDecisions,
  getDecisionById,
  type DecisionListFilters,
  type DecisionSummary,
  type DecisionDetail,
  type DecisionPage,
} from "./decision-reads";
