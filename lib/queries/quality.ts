import { queryOptions } from "@tanstack/react-query";
import {
  DecisionFeedbackListSchema,
  QualityReportSchema,
  type QualityBucket,
  type QualityGroupBy,
} from "@/lib/schemas/console/quality";
import { requestJson, toSearch } from "./ops-fetch";

/** Ranges the route page offers, and the bucket each reads at. */
export const QUALITY_RANGES = {
  "24h": { spanMs: 86_400_000, bucket: "hour" },
  "7d": { spanMs: 7 * 86_400_000, bucket: "day" },
  "30d": { spanMs: 30 * 86_400_000, bucket: "day" },
} as const satisfies Record<string, { spanMs: number; bucket: QualityBucket }>;
export type QualityRange = keyof typeof QUALITY_RANGES;

export const qualityKeys = {
  all: ["quality"] as const,
  report: (route: string, range: QualityRange, groupBy: QualityGroupBy) =>
    ["quality", "report", route, range, groupBy] as const,
  decision: (id: string) => ["quality", "decision", id] as const,
};

/** A route's quality report over the last `range` (the window ends when the query runs). */
export const qualityReportQuery = (route: string, range: QualityRange, groupBy: QualityGroupBy) =>
  queryOptions({
    queryKey: qualityKeys.report(route, range, groupBy),
    queryFn: ({ signal }) => {
      const { spanMs, bucket } = QUALITY_RANGES[range];
      const from = new Date(Date.now() - spanMs).toISOString();
      return requestJson(
        `/api/console/quality${toSearch({ route, from, groupBy, bucket })}`,
        QualityReportSchema,
        { signal },
      );
    },
    staleTime: 60_000,
  });

/** A decision's feedback (it can still arrive after the decision: not cached forever). */
export const decisionFeedbackQuery = (id: string) =>
  queryOptions({
    queryKey: qualityKeys.decision(id),
    queryFn: ({ signal }) =>
      requestJson(
        `/api/console/decisions/${encodeURIComponent(id)}/feedback`,
        DecisionFeedbackListSchema,
        { signal },
      ),
    staleTime: 30_000,
  });
