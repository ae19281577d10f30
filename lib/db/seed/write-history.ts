import type { Prisma } from "../generated/client";
import { generateHistory } from "./history";
import { formatUnits, type HistoricDecision, type HistorySpec } from "./history-types";
import { createRollupAccumulator, type RollupRow } from "./rollups";
import {
  ATTEMPT_SQL,
  A_COLUMNS,
  DECISION_SQL,
  D_COLUMNS,
  ROLLUP_SQL,
  R_COLUMNS,
  type Column,
} from "./history-sql";
import { ColumnBuffer, JsonDictionary } from "./sql-arrays";

/**
 * Bulk insertion of generated history. Each batch is ONE statement per table, `INSERT … SELECT
 * FROM unnest(...)` with one array-literal parameter per column: a few dozen round trips for
 * 100k+ rows, the same SQL on Postgres and PGlite. The explain traces and the constant part of
 * the features repeat per policy rule, so they travel once per batch in a JSON dictionary and
 * rows carry an index (measured: JSON objects per row cost ~3× more CPU on PGlite).
 * Unqualified table names resolve through the connection's search_path (test schemas).
 */
type Cell = string | number | boolean | null;
type Row = Record<string, Cell>;
const iso = (ms: number) => new Date(ms).toISOString();

function params(buffer: ColumnBuffer<Row>, columns: readonly Column[]): string[] {
  return columns.map(([name, , kind]) =>
    kind === "int" ? buffer.ints(name) : kind === "bool" ? buffer.bools(name) : buffer.texts(name),
  );
}

function decisionRow(d: HistoricDecision, features: JsonDictionary, traces: JsonDictionary): Row {
  const f = d.features;
  const { endUserId: _user, ...metadata } = f.metadata;
  const fi = features.intern({
    hasTools: f.hasTools,
    hasImages: f.hasImages,
    responseFormat: f.responseFormat,
    requiredCapabilities: f.requiredCapabilities,
    metadata,
    hasJsonSchema: f.hasJsonSchema,
  });
  return {
    id: d.id,
    requestId: d.requestId,
    createdAt: iso(d.createdAt),
    tenantId: d.tenantId,
    apiKeyId: d.apiKeyId,
    endUserId: d.endUserId,
    routeSlug: d.routeSlug,
    policyVersionId: d.policyVersionId,
    policyVersion: d.policyVersion,
    ruleMatched: d.ruleMatched,
    strategy: d.strategy,
    fi,
    fe: f.estimatedInputTokens,
    fo: f.overheadTokens,
    fm: f.maxOutputTokens,
    ft: f.conversationTurns,
    // What the engine read besides the features (per request: the score varies), for replays.
    rp: f.replay ? JSON.stringify(f.replay) : null,
    ti: traces.intern(d.trace),
    gateResults: d.gateResults.length === 0 ? "[]" : JSON.stringify(d.gateResults),
    escalated: d.escalated,
    fellBack: d.fellBack,
    streamed: d.streamed,
    finalModel: d.finalModel,
    finalProvider: d.finalProvider,
    status: d.status,
    errorClass: d.errorClass,
    httpStatus: d.httpStatus,
    latencyMs: d.latencyMs,
    ttftMs: d.ttftMs,
    inputTokens: d.inputTokens,
    outputTokens: d.outputTokens,
    cachedTokens: d.cachedTokens,
    costUsd: formatUnits(d.costUnits),
    baselineCostUsd: formatUnits(d.baselineCostUnits),
    savingsUsd: formatUnits(d.baselineCostUnits - d.costUnits),
    promptHash: d.promptHash,
  };
}

function rollupRow(r: RollupRow): Row {
  return {
    bucketStart: iso(r.bucketStart),
    granularity: r.granularity,
    routeSlug: r.routeSlug,
    model: r.model,
    tenantId: r.tenantId,
    policyVersion: r.policyVersion,
    requests: r.requests,
    errors: r.errors,
    escalations: r.escalations,
    fallbacks: r.fallbacks,
    inputTokens: String(r.inputTokens),
    outputTokens: String(r.outputTokens),
    costUsd: formatUnits(r.costUnits),
    baselineCostUsd: formatUnits(r.baselineCostUnits),
    latencySumMs: String(r.latencySumMs),
    latencyHist: `{${r.latencyHist.join(",")}}`,
  };
}

export interface HistoryWriteOptions {
  /** Decisions per statement (default 5000). */
  batchSize?: number;
  /** Minute rollups cover decisions from here on. */
  minuteFromMs: number;
  /** Called for every decision (e.g. to sum spend per budget window). */
  onDecision?: (d: HistoricDecision) => void;
}

export interface HistoryWriteResult {
  decisions: number;
  attempts: number;
  rollups: number;
  /** Milliseconds generating (and encoding), inserting decisions + attempts, inserting rollups. */
  timings: { generateMs: number; insertMs: number; rollupsMs: number };
}

/** Generates `spec`'s history and inserts decisions, attempts and rollups in large batches. */
export async function writeHistory(
  db: Prisma.TransactionClient,
  spec: HistorySpec,
  options: HistoryWriteOptions,
): Promise<HistoryWriteResult> {
  const batchSize = options.batchSize ?? 5000;
  const rollups = createRollupAccumulator({ minuteFromMs: options.minuteFromMs });
  const result: HistoryWriteResult = {
    decisions: 0,
    attempts: 0,
    rollups: 0,
    timings: { generateMs: 0, insertMs: 0, rollupsMs: 0 },
  };
  const features = new JsonDictionary();
  const traces = new JsonDictionary();
  const decisions = new ColumnBuffer<Row>(D_COLUMNS.map(([n]) => n));
  const attempts = new ColumnBuffer<Row>(A_COLUMNS.map(([n]) => n));
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    const dParams = [features.toJson(), traces.toJson(), ...params(decisions, D_COLUMNS)];
    const aParams = params(attempts, A_COLUMNS);
    result.decisions += decisions.length;
    result.attempts += attempts.length;
    decisions.clear();
    attempts.clear();
    // One batch in flight while the next is generated: on Postgres the two overlap.
    await inFlight;
    inFlight = (async () => {
      const started = performance.now();
      await db.$executeRawUnsafe(DECISION_SQL, ...dParams);
      if (aParams[0] !== "{}") await db.$executeRawUnsafe(ATTEMPT_SQL, ...aParams);
      result.timings.insertMs += performance.now() - started;
    })();
  };
  let genStarted = performance.now();
  for (const d of generateHistory(spec)) {
    options.onDecision?.(d);
    rollups.add(d);
    decisions.push(decisionRow(d, features, traces));
    for (const a of d.attempts)
      attempts.push({
        id: a.id,
        decisionId: d.id,
        position: a.position,
        kind: a.kind,
        model: a.model,
        provider: a.provider,
        startedAt: iso(a.startedAt),
        ttftMs: a.ttftMs,
        durationMs: a.durationMs,
        outcome: a.outcome,
        errorClass: a.errorClass,
        httpStatus: a.httpStatus,
        inputTokens: a.inputTokens,
        outputTokens: a.outputTokens,
        cachedTokens: a.cachedTokens,
        costUsd: formatUnits(a.costUnits),
        gate: a.gate === null ? null : JSON.stringify(a.gate),
      });
    if (decisions.length >= batchSize) {
      result.timings.generateMs += performance.now() - genStarted;
      await flush();
      genStarted = performance.now();
    }
  }
  result.timings.generateMs += performance.now() - genStarted;
  if (decisions.length > 0) await flush();
  await inFlight;
  const started = performance.now();
  const rows = rollups.rows();
  const buffer = new ColumnBuffer<Row>(R_COLUMNS.map(([n]) => n));
  for (let i = 0; i < rows.length; i += batchSize * 2) {
    for (const r of rows.slice(i, i + batchSize * 2)) buffer.push(rollupRow(r));
    await db.$executeRawUnsafe(ROLLUP_SQL, ...params(buffer, R_COLUMNS));
    buffer.clear();
  }
  result.rollups = rows.length;
  result.timings.rollupsMs = performance.now() - started;
  return result;
}
