import { createHistogram, recordLatency } from "@/lib/decision-log/histogram";
import {
  isErrorStatus as isLiveErrorStatus,
  ROLLUP_BUCKET_MS,
  type RollupGranularity,
} from "@/lib/decision-log/rollup";
import type { DecisionStatus } from "@/lib/decision-log/decision-record";
import type { HistoricDecision } from "./history-types";

/** One `DecisionRollup` row; costs in 1e-8 USD units like the decisions they sum. */
export interface RollupRow {
  bucketStart: number;
  granularity: RollupGranularity;
  routeSlug: string;
  /** Final model slug, "" when none (rejections). */
  model: string;
  tenantId: string;
  policyVersion: number;
  requests: number;
  errors: number;
  escalations: number;
  fallbacks: number;
  inputTokens: number;
  outputTokens: number;
  costUnits: number;
  baselineCostUnits: number;
  latencySumMs: number;
  latencyHist: number[];
}

/** The live rollups' definition (upstream failures the client saw), so both sum alike. */
export const isErrorStatus = (status: DecisionStatus): boolean => isLiveErrorStatus(status);

export interface RollupAccumulator {
  add(decision: HistoricDecision): void;
  rows(): RollupRow[];
}

/**
 * Sums decisions into day and hour rows, and into minute rows for decisions at or after
 * `minuteFromMs` (the dashboards' last 24 hours). Pure: same decisions, same rows.
 */
export function createRollupAccumulator(options: { minuteFromMs: number }): RollupAccumulator {
  const rows = new Map<string, RollupRow>();
  const bump = (granularity: RollupGranularity, d: HistoricDecision) => {
    const size = ROLLUP_BUCKET_MS[granularity];
    const bucketStart = Math.floor(d.createdAt / size) * size;
    const model = d.finalModel ?? "";
    const key = `${granularity}|${bucketStart}|${d.routeSlug}|${model}|${d.tenantId}|${d.policyVersion}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        bucketStart,
        granularity,
        routeSlug: d.routeSlug,
        model,
        tenantId: d.tenantId,
        policyVersion: d.policyVersion,
        requests: 0,
        errors: 0,
        escalations: 0,
        fallbacks: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUnits: 0,
        baselineCostUnits: 0,
        latencySumMs: 0,
        latencyHist: createHistogram(),
      };
      rows.set(key, row);
    }
    row.requests++;
    if (isErrorStatus(d.status)) row.errors++;
    if (d.escalated) row.escalations++;
    if (d.fellBack) row.fallbacks++;
    row.inputTokens += d.inputTokens;
    row.outputTokens += d.outputTokens;
    row.costUnits += d.costUnits;
    row.baselineCostUnits += d.baselineCostUnits;
    row.latencySumMs += d.latencyMs;
    recordLatency(row.latencyHist, d.latencyMs);
  };
  return {
    add(d) {
      bump("day", d);
      bump("hour", d);
      if (d.createdAt >= options.minuteFromMs) bump("minute", d);
    },
    rows: () => [...rows.values()],
  };
}
