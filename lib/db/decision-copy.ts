/**
 * A decision record encoded for the decision log's bulk load: its `Decision` row and its
 * `DecisionAttempt` rows as lines of Postgres's COPY text format, plus the few fields the rollup
 * fold needs. The writer encodes each record when it is queued, so what waits in the bounded
 * buffer is two byte buffers and one small object instead of the record's object graph (which,
 * held for up to a flush interval, survived young-generation collections and was promoted, to be
 * traced again by every major GC). Pure: no database, no clock.
 *
 * COPY text format: columns separated by tabs, one row per line, `\N` for NULL, and backslash,
 * tab, newline and carriage return escaped with a backslash. Postgres rejects NUL characters in
 * text and `\u0000` or unpaired surrogate escapes in jsonb; such characters in client-supplied
 * values (end-user ids, captured content) are removed or replaced here, so one odd request can
 * never make a whole batch unwritable.
 */
import { randomUUID } from "node:crypto";
import type { DecisionRecord, JsonValue } from "@/lib/telemetry/decision-record";
import type { RollupSource } from "@/lib/telemetry/rollup";

/** One queued decision, ready for COPY. */
export interface EncodedDecision {
  id: string;
  requestId: string;
  /** The `Decision` row: one COPY line, newline-terminated, columns as `DECISION_COPY_COLUMNS`. */
  decisionLine: Buffer;
  /** The `DecisionAttempt` rows: zero or more COPY lines, columns as `ATTEMPT_COPY_COLUMNS`. */
  attemptLines: Buffer;
  /** What the rollup fold reads (folded only once the row is known to be inserted). */
  rollup: RollupSource;
}

/** Column order of `decisionLine`. */
export const DECISION_COPY_COLUMNS = [
  "id",
  "requestId",
  "createdAt",
  "tenantId",
  "apiKeyId",
  "endUserId",
  "routeSlug",
  "policyVersionId",
  "policyVersion",
  "ruleMatched",
  "strategy",
  "features",
  "trace",
  "gateResults",
  "escalated",
  "fellBack",
  "streamed",
  "finalModel",
  "finalProvider",
  "status",
  "errorClass",
  "httpStatus",
  "latencyMs",
  "ttftMs",
  "inputTokens",
  "outputTokens",
  "cachedTokens",
  "usageEstimated",
  "costUsd",
  "baselineCostUsd",
  "savingsUsd",
  "promptHash",
  "content",
  "isDemo",
] as const;

/** Column order of `attemptLines` (the attempt id is generated here). */
export const ATTEMPT_COPY_COLUMNS = [
  "id",
  "decisionId",
  "position",
  "kind",
  "model",
  "provider",
  "startedAt",
  "ttftMs",
  "durationMs",
  "outcome",
  "errorClass",
  "httpStatus",
  "inputTokens",
  "outputTokens",
  "cachedTokens",
  "costUsd",
  "gate",
] as const;

const NULL = "\\N";
const NEEDS_ESCAPE = /[\\\t\n\r\0]/;
const ESCAPES = /[\\\t\n\r\0]/g;
const ESCAPED: Record<string, string> = {
  "\\": "\\\\",
  "\t": "\\t",
  "\n": "\\n",
  "\r": "\\r",
  "\0": "",
};

/** A text value as a COPY field: NULL as `\N`, special characters escaped, NUL removed. */
export function copyText(value: string | null): string {
  if (value === null) return NULL;
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPES, (c) => ESCAPED[c] ?? c) : value;
}

/**
 * `\u` escapes Postgres's jsonb refuses: `\u0000` (removed) and unpaired surrogates (replaced by
 * U+FFFD). JSON.stringify writes `\u` escapes only for control characters and lone surrogates, so
 * the regular expression runs only when the text contains `\u` at all. A run of backslashes
 * before the `u` is an escape only when it is odd (`\\u0000` is a backslash and the text "u0000").
 */
const BAD_JSON_ESCAPES = /(\\+)u(0000|d[89ab][0-9a-f]{2}(?!\\ud[c-f])|d[c-f][0-9a-f]{2})/gi;

/** JSON text that Postgres's jsonb accepts. */
export function jsonbSafe(json: string): string {
  if (!json.includes("\\u")) return json;
  return json.replace(BAD_JSON_ESCAPES, (match: string, slashes: string, code: string) => {
    if (slashes.length % 2 === 0) return match;
    const literal = slashes.slice(1);
    return code === "0000" ? literal : `${literal}\\ufffd`;
  });
}

/** A JSON column: null/undefined as SQL NULL. */
function copyJson(value: JsonValue | null | undefined): string {
  if (value === null || value === undefined) return NULL;
  return copyText(jsonbSafe(JSON.stringify(value)));
}

const copyInt = (value: number | null): string =>
  value === null ? NULL : String(Math.round(value));
const copyBool = (value: boolean): string => (value ? "t" : "f");
/** Money as an exact decimal string (numeric(14, 8) columns). */
const copyMoney = (usd: number): string => usd.toFixed(8);

/** Encodes one record; attempt ids are new uuids. */
export function encodeDecision(r: DecisionRecord): EncodedDecision {
  const decisionLine =
    `${copyText(r.id)}\t${copyText(r.requestId)}\t${r.createdAt.toISOString()}\t` +
    `${copyText(r.tenantId)}\t${copyText(r.apiKeyId)}\t${copyText(r.endUserId)}\t` +
    `${copyText(r.routeSlug)}\t${copyText(r.policyVersionId)}\t${copyInt(r.policyVersion)}\t` +
    `${copyText(r.ruleMatched)}\t${copyText(r.strategy)}\t${copyJson(r.features)}\t` +
    `${copyJson(r.trace ?? {})}\t${copyJson(r.gateResults)}\t${copyBool(r.escalated)}\t` +
    `${copyBool(r.fellBack)}\t${copyBool(r.streamed)}\t${copyText(r.finalModel)}\t` +
    `${copyText(r.finalProvider)}\t${r.status}\t${copyText(r.errorClass)}\t` +
    `${copyInt(r.httpStatus)}\t${copyInt(r.latencyMs)}\t${copyInt(r.ttftMs)}\t` +
    `${copyInt(r.inputTokens)}\t${copyInt(r.outputTokens)}\t${copyInt(r.cachedTokens)}\t` +
    `${copyBool(r.usageEstimated)}\t${copyMoney(r.costUsd)}\t${copyMoney(r.baselineCostUsd)}\t` +
    `${copyMoney(r.savingsUsd)}\t${copyText(r.promptHash)}\t${copyJson(r.content)}\t` +
    `${copyBool(r.isDemo)}\n`;
  let attemptLines = "";
  for (const a of r.attempts) {
    attemptLines +=
      `${randomUUID()}\t${copyText(r.id)}\t${copyInt(a.position)}\t${copyText(a.kind)}\t` +
      `${copyText(a.model)}\t${copyText(a.provider)}\t${a.startedAt.toISOString()}\t` +
      `${copyInt(a.ttftMs)}\t${copyInt(a.durationMs)}\t${copyText(a.outcome)}\t` +
      `${copyText(a.errorClass)}\t${copyInt(a.httpStatus)}\t${copyInt(a.inputTokens)}\t` +
      `${copyInt(a.outputTokens)}\t${copyInt(a.cachedTokens)}\t${copyMoney(a.costUsd)}\t` +
      `${copyJson(a.gate)}\n`;
  }
  return {
    id: r.id,
    requestId: r.requestId,
    // UTF-8 bytes, not the string: a string built by concatenation is a tree of pieces until it
    // is flattened, and held in the queue that tree is what the GC would trace again and again.
    decisionLine: Buffer.from(decisionLine),
    attemptLines: Buffer.from(attemptLines),
    rollup: {
      createdAt: r.createdAt,
      routeSlug: r.routeSlug,
      finalModel: r.finalModel,
      tenantId: r.tenantId,
      policyVersion: r.policyVersion,
      status: r.status,
      escalated: r.escalated,
      fellBack: r.fellBack,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      costUsd: r.costUsd,
      baselineCostUsd: r.baselineCostUsd,
      latencyMs: r.latencyMs,
      isDemo: r.isDemo,
    },
  };
}
