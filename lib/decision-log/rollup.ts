/**
 * Pure fold of decision records into `DecisionRollup` rows (one per bucket and dimension tuple).
 * The writer upserts these rows, adding counters and histograms element-wise, so rows from any
 * number of batches and instances sum to the same totals.
 */
import type { DecisionRecord, DecisionStatus } from "./decision-record";
import { createHistogram, recordLatency } from "./histogram";

/**
 * Rollup bucket sizes: minute rows serve ranges up to 24 h, hour rows up to ~8 days and the
 * partial days at the edges of longer ranges, day rows the whole days of longer ranges (a 30-day
 * overview aggregates ~30× fewer rows than from hour rows).
 */
export type RollupGranularity = "minute" | "hour" | "day";

/** Every granularity, written from every batch. */
export const ROLLUP_GRANULARITIES: readonly RollupGranularity[] = ["minute", "hour", "day"];

/** Bucket length per granularity; buckets are aligned to UTC (epoch multiples). */
export const ROLLUP_BUCKET_MS: Readonly<Record<RollupGranularity, number>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/**
 * Minute rows older than this are deleted (lib/telemetry/rollup-retention.ts): they only serve
 * ranges up to 24 h, and they are most of the table (about one per decision). The overview reads
 * hour rows for any range starting earlier than this minus a margin (lib/db/dashboard.ts).
 */
export const MINUTE_ROLLUP_RETENTION_MS = 3 * 86_400_000;

/** What the fold reads of a decision (a `DecisionRecord` is one; the writer keeps just these). */
export type RollupSource = Pick<
  DecisionRecord,
  | "createdAt"
  | "routeSlug"
  | "finalModel"
  | "tenantId"
  | "policyVersion"
  | "status"
  | "escalated"
  | "fellBack"
  | "inputTokens"
  | "outputTokens"
  | "costUsd"
  | "baselineCostUsd"
  | "latencyMs"
  | "isDemo"
>;

/** One pre-aggregated row; empty strings (and policy version 0) stand for "none". */
export interface RollupRow {
  granularity: RollupGranularity;
  bucketStart: Date;
  routeSlug: string;
  model: string;
  tenantId: string;
  policyVersion: number;
  requests: number;
  errors: number;
  escalations: number;
  fallbacks: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  baselineCostUsd: number;
  latencySumMs: number;
  /** Counts per bucket of `LATENCY_BUCKETS_MS` (lib/decision-log/histogram.ts). */
  latencyHist: number[];
  isDemo: boolean;
}

/** Start (epoch ms) of the bucket holding `ms`; buckets are aligned to UTC. */
export function truncateToBucket(ms: number, granularity: RollupGranularity): number {
  const size = ROLLUP_BUCKET_MS[granularity];
  return Math.floor(ms / size) * size;
}

/**
 * Whether a status counts as an error in the rollups: upstream failures the client saw.
 * `rejected` (budget, no candidate) and `client_closed` are not routing errors.
 */
export function isErrorStatus(status: DecisionStatus): boolean {
  switch (status) {
    case "upstream_error":
    case "mid_stream_failure":
      return true;
    case "success":
    case "rejected":
    case "client_closed":
      return false;
  }
}

/**
 * Folds records into one row per (granularity, bucket, route, model, tenant, policy version).
 * Records go into rows of the finest granularity asked for (one string key per record, no Date);
 * each coarser granularity is then summed from the rows of the level below (buckets nest: a
 * minute lies in one hour, an hour in one day), so a batch costs one pass over its records.
 */
export function foldDecisionRollups(
  records: readonly RollupSource[],
  granularities: readonly RollupGranularity[] = ROLLUP_GRANULARITIES,
): RollupRow[] {
  const levels = [...granularities].sort((x, y) => ROLLUP_BUCKET_MS[x] - ROLLUP_BUCKET_MS[y]);
  const finest = levels[0];
  if (finest === undefined) return [];
  let level = new Map<string, RollupRow>();
  for (const record of records) {
    const bucketMs = truncateToBucket(record.createdAt.getTime(), finest);
    const model = record.finalModel ?? "";
    const tenantId = record.tenantId ?? "";
    const policyVersion = record.policyVersion ?? 0;
    const key = `${bucketMs}|${record.routeSlug}|${model}|${tenantId}|${policyVersion}`;
    let row = level.get(key);
    if (row === undefined) {
      row = emptyRow(finest, new Date(bucketMs), record.routeSlug, model, tenantId, policyVersion);
      level.set(key, row);
    }
    addRecord(row, record);
  }
  const out = [...level.values()];
  for (const granularity of levels.slice(1)) {
    const next = new Map<string, RollupRow>();
    for (const fine of level.values()) {
      const bucketMs = truncateToBucket(fine.bucketStart.getTime(), granularity);
      const key = `${bucketMs}|${fine.routeSlug}|${fine.model}|${fine.tenantId}|${fine.policyVersion}`;
      let row = next.get(key);
      if (row === undefined) {
        row = emptyRow(
          granularity,
          new Date(bucketMs),
          fine.routeSlug,
          fine.model,
          fine.tenantId,
          fine.policyVersion,
        );
        next.set(key, row);
      }
      addRow(row, fine);
    }
    out.push(...next.values());
    level = next;
  }
  return out;
}

function emptyRow(
  granularity: RollupGranularity,
  bucketStart: Date,
  routeSlug: string,
  model: string,
  tenantId: string,
  policyVersion: number,
): RollupRow {
  return {
    granularity,
    bucketStart,
    routeSlug,
    model,
    tenantId,
    policyVersion,
    requests: 0,
    errors: 0,
    escalations: 0,
    fallbacks: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    baselineCostUsd: 0,
    latencySumMs: 0,
    latencyHist: createHistogram(),
    isDemo: false,
  };
}

/** Adds a finer row into a coarser one: counters summed, histograms element-wise. */
function addRow(row: RollupRow, fine: RollupRow): void {
  row.requests += fine.requests;
  row.errors += fine.errors;
  row.escalations += fine.escalations;
  row.fallbacks += fine.fallbacks;
  row.inputTokens += fine.inputTokens;
  row.outputTokens += fine.outputTokens;
  row.costUsd += fine.costUsd;
  row.baselineCostUsd += fine.baselineCostUsd;
  row.latencySumMs += fine.latencySumMs;
  for (let i = 0; i < fine.latencyHist.length; i++) {
    row.latencyHist[i] = (row.latencyHist[i] ?? 0) + (fine.latencyHist[i] ?? 0);
  }
  row.isDemo = row.isDemo || fine.isDemo;
}

function addRecord(row: RollupRow, record: RollupSource): void {
  row.requests += 1;
  if (isErrorStatus(record.status)) row.errors += 1;
  if (record.escalated) row.escalations += 1;
  if (record.fellBack) row.fallbacks += 1;
  row.inputTokens += record.inputTokens;
  row.outputTokens += record.outputTokens;
  row.costUsd += record.costUsd;
  row.baselineCostUsd += record.baselineCostUsd;
  row.latencySumMs += Math.max(0, Math.round(record.latencyMs));
  recordLatency(row.latencyHist, record.latencyMs);
  row.isDemo = row.isDemo || record.isDemo;
}
