/**
 * The dashboard's time ranges in milliseconds. Beside the contract rather than in lib/ui: the
 * overview endpoint (server) and the decisions page (browser) both resolve a range, and the
 * benchmark runs it under plain Node.
 */
import type { OverviewQuery, TimeRange } from "./overview";

const SPANS: Record<Exclude<TimeRange, "custom">, number> = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};

/** The [from, to) window of a dashboard query; relative ranges end at `now`. */
export function resolveOverviewWindow(
  query: Pick<OverviewQuery, "range" | "from" | "to">,
  now: number,
): { from: Date; to: Date } {
  if (query.range === "custom" && query.from !== undefined && query.to !== undefined)
    return { from: new Date(query.from), to: new Date(query.to) };
  const span = SPANS[query.range === "custom" ? "24h" : query.range];
  return { from: new Date(now - span), to: new Date(now) };
}

/** Span in ms of a relative range (the decisions page turns it into `from`). */
export function rangeSpanMs(range: Exclude<TimeRange, "custom">): number {
  return SPANS[range];
}
