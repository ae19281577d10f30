/**
 * Which rollup rows answer an overview window: a pure plan (granularity, chart step, and the
 * ranges of `bucketStart` to read at each granularity), so the read stays one index range scan
 * per part and its cost follows the number of rollup rows, not of decisions.
 */
import {
  MINUTE_ROLLUP_RETENTION_MS,
  ROLLUP_BUCKET_MS,
  type RollupGranularity,
} from "@/lib/decision-log/rollup";

const MINUTE = ROLLUP_BUCKET_MS.minute;
const HOUR = ROLLUP_BUCKET_MS.hour;
const DAY = ROLLUP_BUCKET_MS.day;

/**
 * Minute rows are read only for windows starting at least this long after the retention cut-off:
 * slack for the prune running late and for clocks of instances that disagree a little.
 */
const MINUTE_READ_SLACK_MS = HOUR;

/** Rows of one granularity whose `bucketStart` is in [fromMs, toMs). */
export interface BucketPart {
  granularity: RollupGranularity;
  fromMs: number;
  toMs: number;
}

export interface BucketPlan {
  /** The coarsest granularity read (what the console shows). */
  granularity: RollupGranularity;
  /** Chart step: every part's buckets fall inside one step (steps are multiples of them). */
  stepMs: number;
  /** Disjoint, in time order; together they cover every bucket overlapping the window. */
  parts: BucketPart[];
}

const floorTo = (ms: number, size: number) => Math.floor(ms / size) * size;
const ceilTo = (ms: number, size: number) => Math.ceil(ms / size) * size;

/**
 * The plan for [fromMs, toMs) read at `nowMs` (≈ 30–200 chart points):
 * - up to 24 h, and starting within minute-row retention: minute rows, 1-, 5- or 15-minute steps;
 * - up to 8 days (or a short window older than minute retention): hour rows, hourly steps;
 * - longer: day rows for the whole UTC days inside the window, hour rows for the partial days at
 *   its edges, daily steps.
 * Every plan reads whole buckets of its finest granularity: the window is widened to the hour
 * (minute for minute plans) holding `from`, and to the end of the bucket holding `to`, exactly as
 * a read of hour (or minute) rows alone would sum it.
 */
export function planBuckets(fromMs: number, toMs: number, nowMs: number): BucketPlan {
  const span = toMs - fromMs;
  const minuteRowsKept = fromMs >= nowMs - MINUTE_ROLLUP_RETENTION_MS + MINUTE_READ_SLACK_MS;
  if (span <= DAY && minuteRowsKept) {
    const stepMs = span <= 2 * HOUR ? MINUTE : span <= 6 * HOUR ? 5 * MINUTE : 15 * MINUTE;
    return {
      granularity: "minute",
      stepMs,
      parts: [{ granularity: "minute", fromMs: floorTo(fromMs, MINUTE), toMs }],
    };
  }
  const hourFrom = floorTo(fromMs, HOUR);
  if (span <= 8 * DAY) {
    return {
      granularity: "hour",
      stepMs: HOUR,
      parts: [{ granularity: "hour", fromMs: hourFrom, toMs }],
    };
  }
  // Whole days [firstDay, lastDay) from day rows; the hours before and after from hour rows.
  const firstDay = ceilTo(fromMs, DAY);
  const lastDay = floorTo(toMs, DAY);
  const parts: BucketPart[] = [];
  if (hourFrom < firstDay) parts.push({ granularity: "hour", fromMs: hourFrom, toMs: firstDay });
  parts.push({ granularity: "day", fromMs: firstDay, toMs: lastDay });
  if (lastDay < toMs) parts.push({ granularity: "hour", fromMs: lastDay, toMs });
  return { granularity: "day", stepMs: DAY, parts };
}
