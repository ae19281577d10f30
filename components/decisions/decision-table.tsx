"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { SortHeader } from "@/components/charts/sort-header";
import { EmptyState, ErrorState, LoadingState } from "@/components/charts/states";
import { formatDateTime, formatLatency, formatTokens, formatUsd } from "@/lib/ui/format";
import { nextSort, type SortState } from "@/lib/ui/sort";
import { rangeSpanMs } from "@/lib/schemas/console/time-range";
import { ApiProblem } from "@/lib/ui/api-problem";
import { decisionListQuery, type DecisionFilterParams } from "@/lib/queries/decisions";
import { DecisionFilters, FILTER_FIELDS, type FilterForm } from "./decision-filters";
import { StatusBadge } from "./status-badge";

/** Columns the server can order by (keyset cursors include the sort key). */
type Col = "time" | "latency" | "cost";
const RANGES = new Set(["1h", "24h", "7d", "30d"]);

function readForm(sp: URLSearchParams): FilterForm {
  const form = Object.fromEntries(FILTER_FIELDS.map((k) => [k, sp.get(k) ?? ""])) as FilterForm;
  if (!form.range) form.range = "24h";
  return form;
}

/** URL filters → API filters; a relative range becomes `from`, fixed when the filters change. */
function toParams(form: FilterForm, now: number): DecisionFilterParams {
  const { range, ...rest } = form;
  const p: DecisionFilterParams = {};
  for (const [k, v] of Object.entries(rest)) if (v) p[k as keyof typeof rest] = v;
  if (RANGES.has(range)) p.from = new Date(now - rangeSpanMs(range as "1h")).toISOString();
  return p;
}

export function DecisionTable() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const searchKey = search.toString();
  const form = useMemo(() => readForm(new URLSearchParams(searchKey)), [searchKey]);
  // Date.now() is read once per filter change so the query key stays stable while paging.
  // eslint-disable-next-line react-hooks/purity
  const params = useMemo(() => toParams(form, Date.now()), [form]);
  const [sort, setSort] = useState<SortState<Col>>({ key: "time", dir: "desc" });
  // Keep showing the current rows while another order loads (no flash of the loading state).
  const query = useInfiniteQuery({
    ...decisionListQuery(params, { sort: sort.key, dir: sort.dir }),
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const onSort = (key: Col) => setSort((s) => nextSort(s, key, "desc"));
  const orderLabel =
    sort.key === "time"
      ? sort.dir === "desc"
        ? "newest first"
        : "oldest first"
      : `by ${sort.key}, ${sort.dir === "desc" ? "highest" : "lowest"} first`;
  const fieldErrors =
    query.error instanceof ApiProblem
      ? Object.fromEntries(query.error.fieldErrors.map((e) => [e.path, e.message]))
      : {};

  function apply(next: FilterForm) {
    const sp = new URLSearchParams();
    for (const [k, v] of Object.entries(next))
      if (v && !(k === "range" && v === "24h")) sp.set(k, v);
    const qs = sp.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }

  return (
    <div className="ops-stack">
      <DecisionFilters value={form} errors={fieldErrors} onApply={apply} />
      {query.isPending ? (
        <LoadingState label="Loading decisions…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No decisions match these filters.">
          Widen the time range or clear a filter.
        </EmptyState>
      ) : (
        <div className="card ops-table-wrap">
          <p className="muted ops-small">
            {rows.length} loaded, {orderLabel}
            {query.hasNextPage ? " (more below)" : ""}. Time, latency and cost sort on the server.
          </p>
          <table
            aria-label="Decisions"
            className="ops-table-dense"
            aria-busy={query.isPlaceholderData || query.isFetchingNextPage}
          >
            <thead>
              <tr>
                <SortHeader label="Time (UTC)" column="time" sort={sort} onSort={onSort} />
                <th>Route</th>
                <th>Model</th>
                <th>Status</th>
                <SortHeader label="Latency" column="latency" sort={sort} onSort={onSort} numeric />
                <th className="num">Tokens in/out</th>
                <SortHeader label="Cost" column="cost" sort={sort} onSort={onSort} numeric />
                <th className="num">Savings</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link href={`/decisions/${d.id}`} aria-label={`Decision ${d.requestId}`}>
                      {formatDateTime(d.createdAt).slice(5, 16)}
                    </Link>
                  </td>
                  <td>{d.routeSlug}</td>
                  <td>{d.finalModel ?? <span className="muted">none</span>}</td>
                  <td>
                    <StatusBadge status={d.status} />
                    {d.escalated ? <span className="ops-tag ops-tag-esc">escalated</span> : null}
                    {d.fellBack ? <span className="ops-tag ops-tag-soft">fell back</span> : null}
                  </td>
                  <td className="num">{formatLatency(d.latencyMs)}</td>
                  <td className="num">
                    {formatTokens(d.inputTokens, false)} / {formatTokens(d.outputTokens, false)}
                  </td>
                  <td className="num">{formatUsd(d.costUsd)}</td>
                  <td className="num">{formatUsd(d.savingsUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {query.hasNextPage ? (
            <div className="ops-actions ops-load-more">
              <button
                type="button"
                className="btn"
                disabled={query.isFetchingNextPage}
                onClick={() => void query.fetchNextPage()}
              >
                {query.isFetchingNextPage ? "Loading…" : "Load more decisions"}
              </button>
            </div>
          ) : null}
        </div>
      )}
    </div>
  );
}
