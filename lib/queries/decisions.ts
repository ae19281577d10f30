import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import {
  DecisionDetailSchema,
  DecisionFacetsSchema,
  DecisionPageSchema,
} from "@/lib/schemas/console/decisions";
import { requestJson, toSearch } from "./ops-fetch";

/** Filters as the decisions page keeps them (strings, as in the URL). */
export interface DecisionFilterParams {
  from?: string;
  to?: string;
  tenantId?: string;
  route?: string;
  model?: string;
  status?: string;
  escalated?: string;
  fellBack?: string;
  minCost?: string;
  maxCost?: string;
}

/** Server-side order of the list (the keyset cursor follows it). */
export interface DecisionSortParams {
  sort: "time" | "cost" | "latency";
  dir: "asc" | "desc";
}

export const decisionKeys = {
  all: ["decisions"] as const,
  list: (f: DecisionFilterParams, s?: DecisionSortParams) =>
    ["decisions", "list", f, s ?? { sort: "time", dir: "desc" }] as const,
  detail: (id: string) => ["decisions", "detail", id] as const,
  facets: () => ["decisions", "facets"] as const,
};

export const decisionListQuery = (
  filters: DecisionFilterParams,
  sort: DecisionSortParams = { sort: "time", dir: "desc" },
  pageSize = 50,
) =>
  infiniteQueryOptions({
    queryKey: decisionKeys.list(filters, sort),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      requestJson(
        `/api/console/decisions${toSearch({ ...filters, ...sort, cursor: pageParam, limit: pageSize })}`,
        DecisionPageSchema,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });

export const decisionQuery = (id: string) =>
  queryOptions({
    queryKey: decisionKeys.detail(id),
    queryFn: ({ signal }) =>
      requestJson(`/api/console/decisions/${id}`, DecisionDetailSchema, { signal }),
    staleTime: Infinity,
  });

export const decisionFacetsQuery = () =>
  queryOptions({
    queryKey: decisionKeys.facets(),
    queryFn: ({ signal }) =>
      requestJson("/api/console/decisions/facets", DecisionFacetsSchema, { signal }),
    staleTime: 60_000,
  });
