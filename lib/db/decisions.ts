/**
 * Decision log persistence: batched loads of decisions + attempts with their rollups in one
 * transaction, and cursor-paginated reads for the console (decision-reads.ts); dashboards read
 * the rollups (dashboard.ts).
 */
import type { DecisionRecord, DecisionStatus, JsonValue } from "@/lib/decision-log/decision-record";
import { foldDecisionRollups, type RollupRow, type RollupSource } from "@/lib/decision-log/rollup";
import {
  ATTEMPT_COPY_COLUMNS,
  DECISION_COPY_COLUMNS,
  encodeDecision,
  type EncodedDecision,
} from "./decision-copy";
import type { PrismaClient } from "./generated/client";
import { sqlTransaction, type SqlQuery } from "./engine/raw-sql";

export type { PrismaClient as DecisionDb } from "./generated/client";

/** What one batch did: rows inserted, and records skipped as already stored (same decision id). */
export interface DecisionBatchResult {
  inserted: number;
  duplicates: number;
}

/** Encodes records and writes them with `insertEncodedDecisions` (tests, seeds, tools). */
export function insertDecisionBatch(
  db: PrismaClient,
  records: readonly DecisionRecord[],
): Promise<DecisionBatchResult> {
  return insertEncodedDecisions(db, records.map(encodeDecision));
}

/**
 * Inserts decisions and their attempts, and upserts the minute, hour and day rollups of the
 * decisions actually inserted (a decision id already stored is skipped, never double
 * counted), all in one transaction: either the whole batch is persisted or nothing is.
 *
 * Decisions and attempts are bulk-loaded with COPY (Postgres's cheapest load path: about half the
 * database CPU per decision of an INSERT unpacking a jsonb batch, and no RETURNING rows; see
 * `npm run bench:decision-log`). COPY cannot skip conflicts, so a batch holding a stored decision
 * id fails with a unique violation; it is then written again through temporary staging tables with
 * `ON CONFLICT DO NOTHING`. That happens only when a batch is retried after a commit whose
 * acknowledgement was lost, so the common batch pays for one COPY per table.
 */
export async function insertEncodedDecisions(
  db: PrismaClient,
  batch: readonly EncodedDecision[],
): Promise<DecisionBatchResult> {
  if (batch.length === 0) return { inserted: 0, duplicates: 0 };
  try {
    return await sqlTransaction(db, async (query, copyIn) => {
      await copyIn(DECISION_TARGET, joinLines(batch, "decisionLine"));
      const attempts = joinLines(batch, "attemptLines");
      if (attempts.length > 0) await copyIn(ATTEMPT_TARGET, attempts);
      await upsertDecisionRollups(query, rollupsOf(batch));
      return { inserted: batch.length, duplicates: 0 };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  return sqlTransaction(db, async (query, copyIn) => {
    for (const statement of STAGE_TABLES) await query(statement);
    await copyIn(DECISION_STAGE_TARGET, joinLines(batch, "decisionLine"));
    const created = await query<{ id: string }>(INSERT_STAGED_DECISIONS);
    const ids = new Set(created.map((row) => row.id));
    const kept = batch.filter((item) => ids.delete(item.id));
    const attempts = joinLines(kept, "attemptLines");
    if (attempts.length > 0) {
      await copyIn(ATTEMPT_STAGE_TARGET, attempts);
      await query(INSERT_STAGED_ATTEMPTS);
    }
    await upsertDecisionRollups(query, rollupsOf(kept));
    return { inserted: kept.length, duplicates: batch.length - kept.length };
  });
}

const rollupsOf = (batch: readonly EncodedDecision[]): RollupSource[] =>
  batch.map((item) => item.rollup);

/** Folds decisions into rollup rows and upserts them (inside the caller's transaction). */
export async function upsertDecisionRollups(
  query: SqlQuery,
  sources: readonly RollupSource[],
): Promise<void> {
  const rollups = foldDecisionRollups(sources);
  if (rollups.length > 0) await query(UPSERT_ROLLUPS, [rowsJson(ROLLUP_FIELDS, rollups)]);
}

/**
 * One batch's lines of a table as UTF-8, each line encoded straight into one buffer. Joining the
 * lines into one string first and converting that took ~7 µs per decision (a batch's joined text
 * is a large-object allocation, then copied again); this takes ~1.
 */
function joinLines(
  batch: readonly EncodedDecision[],
  field: "decisionLine" | "attemptLines",
): Buffer {
  let bytes = 0;
  for (let i = 0; i < batch.length; i++) bytes += Buffer.byteLength(batch[i]![field]);
  const out = Buffer.allocUnsafe(bytes);
  let at = 0;
  for (let i = 0; i < batch.length; i++) at += out.write(batch[i]![field], at);
  return out;
}

/** SQLSTATE 23505 (both drivers put it on `code`). */
const sqlState = (error: unknown): string =>
  typeof error === "object" &&
  error !== null &&
  typeof (error as { code?: unknown }).code === "string"
    ? (error as { code: string }).code
    : "";

function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === "23505";
}

/**
 * True when Postgres refused a batch for the data of a record in it (SQLSTATE class 22, data
 * exception: a value out of range, an invalid text representation...; or class 23, an integrity
 * violation other than the duplicate ids this module writes around): the same batch would fail on
 * every retry, so the writer isolates the record instead of retrying. Connection, server and
 * schema failures are not data errors: those batches wait and retry.
 */
export function isRecordDataError(error: unknown): boolean {
  const code = sqlState(error);
  return code.length === 5 && (code.startsWith("22") || code.startsWith("23")) && code !== "23505";
}

const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(", ");
const DECISION_COLUMNS = quoted(DECISION_COPY_COLUMNS);
const ATTEMPT_COLUMNS = quoted(ATTEMPT_COPY_COLUMNS);
const DECISION_TARGET = `"Decision" (${DECISION_COLUMNS})`;
const ATTEMPT_TARGET = `"DecisionAttempt" (${ATTEMPT_COLUMNS})`;
const DECISION_STAGE_TARGET = `sb_decision_stage (${DECISION_COLUMNS})`;
const ATTEMPT_STAGE_TARGET = `sb_attempt_stage (${ATTEMPT_COLUMNS})`;

// Dropped at commit (or rollback), so each fallback transaction starts with empty ones.
const STAGE_TABLES = [
  `CREATE TEMP TABLE sb_decision_stage (LIKE "Decision" INCLUDING DEFAULTS) ON COMMIT DROP`,
  `CREATE TEMP TABLE sb_attempt_stage (LIKE "DecisionAttempt" INCLUDING DEFAULTS) ON COMMIT DROP`,
];

const INSERT_STAGED_DECISIONS = `
  INSERT INTO "Decision" (${DECISION_COLUMNS})
  SELECT ${DECISION_COLUMNS} FROM sb_decision_stage
  ON CONFLICT DO NOTHING
  RETURNING "id"::text AS "id"`;

// Only the attempts of decisions inserted now are staged (a skipped duplicate's are stored).
const INSERT_STAGED_ATTEMPTS = `
  INSERT INTO "DecisionAttempt" (${ATTEMPT_COLUMNS})
  SELECT ${ATTEMPT_COLUMNS} FROM sb_attempt_stage`;

/** A column: name, SQL type, and its value in a row (money as exact decimal strings). */
type Field<T> = readonly [column: string, type: string, value: (row: T) => JsonValue];

const money = (usd: number): string => usd.toFixed(8);

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

export type { DecisionStatus, EncodedDecision };
export { encodeDecision };
export { DECISION_SORT_KEYS, type DecisionSort, type DecisionSortKey } from "./decision-sort";
export {
  listDecisions,
  getDecisionById,
  type DecisionListFilters,
  type DecisionSummary,
  type DecisionDetail,
  type DecisionPage,
} from "./decision-reads";
