/**
 * The previous way of writing decisions, kept for bench:decision-log's comparison only: decisions
 * and attempts as jsonb arrays of column values unpacked by jsonb_array_elements, then the same
 * rollup upsert as the gateway's writer.
 */
import type { PrismaClient } from "../../lib/db/engine/client";
import { upsertDecisionRollups } from "../../lib/db/decisions";
import { sqlTransaction } from "../../lib/db/engine/raw-sql";
import type { DecisionRecord } from "../../lib/decision-log/decision-record";

type Col<T> = readonly [column: string, type: string, value: (row: T) => unknown];
const ms = (v: number | null): number | null => (v === null ? null : Math.round(v));
const D_COLS: ReadonlyArray<Col<DecisionRecord>> = [
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
  ["costUsd", "numeric", (r) => r.costUsd.toFixed(8)],
  ["baselineCostUsd", "numeric", (r) => r.baselineCostUsd.toFixed(8)],
  ["savingsUsd", "numeric", (r) => r.savingsUsd.toFixed(8)],
  ["promptHash", "text", (r) => r.promptHash],
  ["content", "jsonb", (r) => r.content],
  ["isDemo", "boolean", (r) => r.isDemo],
];
type AttemptRow = { decisionId: string; a: DecisionRecord["attempts"][number] };
const A_COLS: ReadonlyArray<Col<AttemptRow>> = [
  ["decisionId", "uuid", (r) => r.decisionId],
  ["position", "int", (r) => r.a.position],
  ["kind", "text", (r) => r.a.kind],
  ["model", "text", (r) => r.a.model],
  ["provider", "text", (r) => r.a.provider],
  ["startedAt", "timestamptz", (r) => r.a.startedAt.toISOString()],
  ["ttftMs", "int", (r) => ms(r.a.ttftMs)],
  ["durationMs", "int", (r) => Math.round(r.a.durationMs)],
  ["outcome", "text", (r) => r.a.outcome],
  ["errorClass", "text", (r) => r.a.errorClass],
  ["httpStatus", "int", (r) => r.a.httpStatus],
  ["inputTokens", "int", (r) => r.a.inputTokens],
  ["outputTokens", "int", (r) => r.a.outputTokens],
  ["cachedTokens", "int", (r) => r.a.cachedTokens],
  ["costUsd", "numeric", (r) => r.a.costUsd.toFixed(8)],
  ["gate", "jsonb", (r) => r.a.gate],
];
const names = <T>(cols: ReadonlyArray<Col<T>>): string => cols.map(([c]) => `"${c}"`).join(", ");
const casts = <T>(cols: ReadonlyArray<Col<T>>): string =>
  cols
    .map(([, type], i) =>
      type === "jsonb"
        ? `NULLIF(x->${i}, 'null'::jsonb)`
        : type === "text"
          ? `x->>${i}`
          : `(x->>${i})::${type}`,
    )
    .join(", ");
const rows = <T>(cols: ReadonlyArray<Col<T>>, items: readonly T[]): string =>
  JSON.stringify(items.map((item) => cols.map(([, , value]) => value(item))));
const INSERT_JSONB = `INSERT INTO "Decision" (${names(D_COLS)})
  SELECT ${casts(D_COLS)} FROM jsonb_array_elements($1::jsonb) AS x
  ON CONFLICT DO NOTHING RETURNING "id"::text AS "id"`;
const INSERT_ATTEMPTS_JSONB = `INSERT INTO "DecisionAttempt" ("id", ${names(A_COLS)})
  SELECT gen_random_uuid(), ${casts(A_COLS)} FROM jsonb_array_elements($1::jsonb) AS x`;

export async function insertJsonb(
  db: PrismaClient,
  records: readonly DecisionRecord[],
): Promise<void> {
  await sqlTransaction(db, async (query) => {
    const created = await query<{ id: string }>(INSERT_JSONB, [rows(D_COLS, records)]);
    const ids = new Set(created.map((row) => row.id));
    const kept = records.filter((r) => ids.has(r.id));
    const attempts = kept.flatMap((r) => r.attempts.map((a) => ({ decisionId: r.id, a })));
    await query(INSERT_ATTEMPTS_JSONB, [rows(A_COLS, attempts)]);
    await upsertDecisionRollups(query, kept);
  });
}
