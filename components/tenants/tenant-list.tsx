"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { SortHeader } from "@/components/charts/sort-header";
import { EmptyState, ErrorState, LoadingState } from "@/components/charts/states";
import { LoadMore, SearchBox, useDebounced } from "@/components/ui/list-paging";
import { formatPercent, formatUsd } from "@/lib/ui/format";
import { nextSort, type SortState } from "@/lib/ui/sort";
import { tenantPagesQuery } from "@/lib/queries/tenants";
import type { TenantSortKey } from "@/lib/schemas/console/list-query";
import type { TenantView } from "@/lib/schemas/console/tenants";
import { TenantCreateForm } from "./tenant-create-form";
import type { BudgetPeriod } from "@/lib/vocabulary";

function BudgetCell({ t, period }: { t: TenantView; period: BudgetPeriod }) {
  const b = t.budgets.find((x) => x.period === period);
  if (!b) return <span className="muted">no budget</span>;
  const used = (b.spentUsd + b.leasedUsd) / b.limitUsd;
  const tone = used >= 1 ? "over" : used >= b.softThreshold ? "soft" : "ok";
  return (
    <span>
      {formatUsd(b.spentUsd)} <span className="muted">/ {formatUsd(b.limitUsd)}</span>{" "}
      <span className={`ops-tag ops-tag-${tone}`}>{formatPercent(used)}</span>
    </span>
  );
}

export function TenantList({ canEdit }: { canEdit: boolean }) {
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  // The server sorts (name or slug, the indexed columns) and pages in that order, so "Load
  // more" continues the order shown; the other columns are not sortable.
  const [sort, setSort] = useState<SortState<TenantSortKey>>({ key: "name", dir: "asc" });
  const query = useInfiniteQuery(tenantPagesQuery(q, sort));
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.tenants) ?? [], [query.data]);
  const [creating, setCreating] = useState(false);
  const onSort = (key: TenantSortKey) => setSort((s) => nextSort(s, key));

  return (
    <div className="ops-stack">
      {canEdit ? (
        creating ? (
          <TenantCreateForm onDone={() => setCreating(false)} />
        ) : (
          <div>
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              New tenant
            </button>
          </div>
        )
      ) : null}
      <SearchBox
        label="Search tenants"
        placeholder="Search by name or slug"
        value={search}
        onChange={setSearch}
      />
      {query.isPending ? (
        <LoadingState label="Loading tenants…" />
      ) : query.isError && !query.isFetchNextPageError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 && q ? (
        <EmptyState title={`No tenant matches “${q}”.`} />
      ) : rows.length === 0 ? (
        <EmptyState title="No tenants yet.">
          Create one to issue API keys and set budgets.
        </EmptyState>
      ) : (
        <>
          <div className="card ops-table-wrap">
            <table aria-label="Tenants">
              <thead>
                <tr>
                  <SortHeader label="Tenant" column="name" sort={sort} onSort={onSort} />
                  <SortHeader label="Slug" column="slug" sort={sort} onSort={onSort} />
                  <th className="num">Active keys</th>
                  <th>Daily budget</th>
                  <th>Monthly budget</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((t) => (
                  <tr key={t.id}>
                    <td>
                      <Link href={`/tenants/${t.id}`}>{t.name}</Link>
                      {t.isDemo ? <span className="ops-tag ops-tag-demo">demo</span> : null}
                    </td>
                    <td>
                      <code>{t.slug}</code>
                    </td>
                    <td className="num">{t.activeKeys}</td>
                    <td>
                      <BudgetCell t={t} period="daily" />
                    </td>
                    <td>
                      <BudgetCell t={t} period="monthly" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore
            shown={rows.length}
            hasMore={query.hasNextPage}
            loading={query.isFetchingNextPage}
            error={query.isFetchNextPageError ? query.error : null}
            onLoad={() => void query.fetchNextPage()}
          />
        </>
      )}
    </div>
  );
}
