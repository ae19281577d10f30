/**
 * Decision log persistence: batched inserts of decisions + attempts with their rollups in one
 * transaction, and cursor-paginated reads for the console. Dashboards read lib/db/rollups.ts.
 */
import type {
  DecisionAttemptRecord,
  DecisionRecord,
  DecisionStatus,
  JsonValue,
} from "@/lib/telemetry/decision-record";
import { foldDecisionRollups, type RollupRow } from "@/lib/telemetry/rollup";
import type { PrismaClient } from "./generated/client";
import { sqlTransaction } from "./raw-sql";

export type { PrismaClient as DecisionDb } from "./generated/client";

/** What one batch did: rows inserted, and records skipped as duplicates (same request id). */
export interface DecisionBatchResult {
  inserted: number;
  duplicates: number;
}

/**
 * Inserts decisions and their attempts, and upserts the minute and hour rollups of the records
 * actually inserted (a duplicate request id is skipped, never double counted), all in one
 * transaction: either the whole batch is persisted or nothing is. Runs on the driver (see
 * raw-sql.ts) with one jsonb parameter per statement: an array of rows, each an array of column
 * values in field order (no key names repeated per row), unpacked by jsonb_array_elements, so
 * Postgres parses the batch in one go (Prisma's createMany costs ~2 ms of client CPU per row).
 */
export async function insertDecisionBatch(
  db: PrismaClient,
  records: readonly DecisionRecord[],
): Promise<DecisionBatchResult> {
  if (records.length === 0) return { inserted: 0, duplicates: 0 };
  return sqlTransaction(db, async (query) => {
    const created = await query<{ id: string }>(INSERT_DECISIONS, [
      rowsJson(DECISION_FIELDS, records),
    ]);
    const ids = new Set(created.map((row) => row.id));
    const kept: DecisionRecord[] = [];
    const attempts: AttemptRow[] = [];
    for (const record of records) {
      if (!ids.delete(record.id)) continue;
      kept.push(record);
      for (const attempt of record.attempts) attempts.push({ decisionId: record.id, attempt });
    }
    if (attempts.length > 0) await query(INSERT_ATTEMPTS, [rowsJson(ATTEMPT_FIELDS, attempts)]);
    const rollups = foldDecisionRollups(kept);
    if (rollups.length > 0) await query(UPSERT_ROLLUPS, [rowsJson(ROLLUP_FIELDS, rollups)]);
    return { inserted: kept.length, duplicates: records.length - kept.length };
  });
}

/** A column: name, SQL type, and its value in a row (money as exact decimal strings). */
type Field<T> = readonly [column: string, type: string, value: (row: T) => JsonValue];

const money = (usd: number): string => usd.toFixed(8);
const ms = (value: number | null): number | null => (value === null ? null : Math.round(value));

const DECISION_FIELDS: ReadonlyArray<Field<DecisionRecord>> = [
  ["id", "uuid", (r) => r.id],
  ["requestId", "text", (r) => r.requestId],
  ["createdAt", "timestamptz", (r) => r.createdAt.toISOString()],
  ["tenantId", "uuid", (r) => r.tenantId],
  ["apiKeyId", "uuid", (r) => r.apiKeyId],
  ["endUserId", "text", (r) => r.endUserId],
  ["routeSlug", "text", (r) => r.routeSlug],
  ["policyVersionId", "uuid", (r) => r.policyVersionId],
  ["policyVersion", "int", (r) => r.policyVersion],
  ["ruleMatched", "text", (r) => r.ruleMatched],
  ["strategy", "text", (r) => r.strategy],
  ["features", "jsonb", (r) => r.features],
  ["trace", "jsonb", (r) => r.trace ?? {}],
  ["gateResults", "jsonb", (r) => r.gateResults],
  ["escalated", "boolean", (r) => r.escalated],
  ["fellBack", "boolean", (r) => r.fellBack],
  ["streamed", "boolean", (r) => r.streamed],
  ["finalModel", "text", (r) => r.finalModel],
  ["finalProvider", "text", (r) => r.finalProvider],
  ["status", '"DecisionStatus"', (r) => r.status],
  ["errorClass", "text", (r) => r.errorClass],
  ["httpStatus", "int", (r) => r.httpStatus],
  ["latencyMs", "int", (r) => Math.round(r.latencyMs)],
  ["ttftMs", "int", (r) => ms(r.ttftMs)],
  ["inputTokens", "int", (r) => r.inputTokens],
  ["outputTokens", "int", (r) => r.outputTokens],
  ["cachedTokens", "int", (r) => r.cachedTokens],
  ["usageEstimated", "boolean", (r) => r.usageEstimated],
  ["costUsd", "numeric", (r) => money(r.costUsd)],
  ["baselineCostUsd", "numeric", (r) => money(r.baselineCostUsd)],
  ["savingsUsd", "numeric", (r) => money(r.savingsUsd)],
  ["promptHash", "text", (r) => r.promptHash],
  ["content", "jsonb", (r) => r.content],
  ["isDemo", "boolean", (r) => r.isDemo],
];

interface AttemptRow {
  decisionId: string;
  attempt: DecisionAttemptRecord;
}

const ATTEMPT_FIELDS: ReadonlyArray<Field<AttemptRow>> = [
  ["decisionId", "uuid", (r) => r.decisionId],
  ["position", "int", (r) => r.attempt.position],
  ["kind", "text", (r) => r.attempt.kind],
  ["model", "text", (r) => r.attempt.model],
  ["provider", "text", (r) => r.attempt.provider],
  ["startedAt", "timestamptz", (r) => r.attempt.startedAt.toISOString()],
  ["ttftMs", "int", (r) => ms(r.attempt.ttftMs)],
  ["durationMs", "int", (r) => Math.round(r.attempt.durationMs)],
  ["outcome", "text", (r) => r.attempt.outcome],
  ["errorClass", "text", (r) => r.attempt.errorClass],
  ["httpStatus", "int", (r) => r.attempt.httpStatus],
  ["inputTokens", "int", (r) => r.attempt.inputTokens],
  ["outputTokens", "int", (r) => r.attempt.outputTokens],
  ["cachedTokens", "int", (r) => r.attempt.cachedTokens],
  ["costUsd", "numeric", (r) => money(r.attempt.costUsd)],
  ["gate", "jsonb", (r) => r.attempt.gate as JsonValue],
];

const ROLLUP_FIELDS: ReadonlyArray<Field<RollupRow>> = [
  ["bucketStart", "timestamptz", (r) => r.bucketStart.toISOString()],
  ["granularity", "text", (r) => r.granularity],
  ["routeSlug", "text", (r) => r.routeSlug],
  ["model", "text", (r) => r.model],
  ["tenantId", "text", (r) => r.tenantId],
  ["policyVersion", "int", (r) => r.policyVersion],
  ["requests", "int", (r) => r.requests],
  ["errors", "int", (r) => r.errors],
  ["escalations", "int", (r) => r.escalations],
  ["fallbacks", "int", (r) => r.fallbacks],
  ["inputTokens", "bigint", (r) => r.inputTokens],
  ["outputTokens", "bigint", (r) => r.outputTokens],
  ["costUsd", "numeric", (r) => money(r.costUsd)],
  ["baselineCostUsd", "numeric", (r) => money(r.baselineCostUsd)],
  ["latencySumMs", "bigint", (r) => r.latencySumMs],
  ["latencyHist", "int[]", (r) => r.latencyHist],
  ["isDemo", "boolean", (r) => r.isDemo],
];

/** The batch parameter: rows as arrays of column values, in field order. */
function rowsJson<T>(fields: ReadonlyArray<Field<T>>, rows: readonly T[]): string {
  const out: JsonValue[][] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const values: JsonValue[] = new Array(fields.length);
    for (let f = 0; f < fields.length; f++) values[f] = fields[f]![2](row);
    out[r] = values;
  }
  return JSON.stringify(out);
}

// Fixed identifiers and types (never user input), so building SQL text from them is safe.
const columns = <T>(fields: ReadonlyArray<Field<T>>): string =>
  fields.map(([name]) => `"${name}"`).join(", ");

/** `x->i` per column, cast to its type (JSON null becomes SQL NULL for every type). */
const values = <T>(fields: ReadonlyArray<Field<T>>): string =>
  fields
    .map(([, type], i) => {
      if (type === "jsonb") return `NULLIF(x->${i}, 'null'::jsonb)`;
      if (type === "text") return `x->>${i}`;
      if (type === "int[]") return `ARRAY(SELECT jsonb_array_elements_text(x->${i})::int)`;
      return `(x->>${i})::${type}`;
    })
    .join(", ");

const INSERT_DECISIONS = `
  INSERT INTO "Decision" (${columns(DECISION_FIELDS)})
  SELECT ${values(DECISION_FIELDS)} FROM jsonb_array_elements($1::jsonb) AS x
  ON CONFLICT DO NOTHING
  RETURNING "id"::text AS "id"`;

const INSERT_ATTEMPTS = `
  INSERT INTO "DecisionAttempt" ("id", ${columns(ATTEMPT_FIELDS)})
  SELECT gen_random_uuid(), ${values(ATTEMPT_FIELDS)} FROM jsonb_array_elements($1::jsonb) AS x`;

/**
 * Adds rows to DecisionRollup: counters summed, histograms summed element-wise. Rows are taken in
 * key order (granularity, bucket, route, model, tenant, version: select positions 2, 1, 3–6) so
 * concurrent writers lock them in the same order (no deadlock).
 */
const UPSERT_ROLLUPS = `
  INSERT INTO "DecisionRollup" (${columns(ROLLUP_FIELDS)})
  SELECT ${values(ROLLUP_FIELDS)} FROM jsonb_array_elements($1::jsonb) AS x
  ORDER BY 2, 1, 3, 4, 5, 6
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

export type { DecisionStatus };
export { DECISION_SORT_KEYS, type DecisionSort, type DecisionSortKey } from "./decision-sort";
export {
  listDecisions,
  getDecisionById,
  type DecisionListFilters,
  type DecisionSummary,
  type DecisionDetail,
  type DecisionPage,
} from "./decision-reads";
