import { queryOptions } from "@tanstack/react-query";
import { OverviewSchema, type SpendGroup, type TimeRange } from "@/lib/schemas/console/overview";
import { requestJson, toSearch } from "./ops-fetch";

export interface OverviewParams {
  range: TimeRange;
  groupBy: SpendGroup;
  /** ISO strings, with range "custom" only. */
  from?: string;
  to?: string;
}

export const overviewKeys = {
  all: ["overview"] as const,
  view: (p: OverviewParams) => ["overview", p] as const,
};

export function overviewQuery(p: OverviewParams, refetchIntervalMs: number | false = false) {
  return queryOptions({
    queryKey: overviewKeys.view(p),
    queryFn: ({ signal }) =>
      requestJson(`/api/console/overview${toSearch({ ...p })}`, OverviewSchema, { signal }),
    refetchInterval: refetchIntervalMs,
    placeholderData: (previous) => previous,
  });
}
