"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { SortHeader } from "@/components/charts/sort-header";
import { EmptyState, ErrorState, LoadingState } from "@/components/charts/states";
import { LoadMore, SearchBox, useDebounced } from "@/components/ui/list-paging";
import { formatAgo, formatDateTime } from "@/lib/ui/format";
import { nextSort, type SortState } from "@/lib/ui/sort";
import { operatorKeys, operatorPagesQuery, updateOperator } from "@/lib/queries/operators";
import type { OperatorSortKey } from "@/lib/schemas/console/list-query";
import type { OperatorUpdateInput, OperatorView } from "@/lib/schemas/console/operators";
import { OperatorCreateForm } from "./operator-create-form";
import { PasswordResetDialog } from "./password-reset-dialog";

export function OperatorsAdmin({ selfId }: { selfId: string }) {
  const client = useQueryClient();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  // The server sorts by email (unique, indexed) and pages in that order; the other columns have
  // no index to page by, so they are not sortable.
  const [sort, setSort] = useState<SortState<OperatorSortKey>>({ key: "email", dir: "asc" });
  const query = useInfiniteQuery(operatorPagesQuery(q, sort));
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.operators) ?? [], [query.data]);
  const [resetting, setResetting] = useState<OperatorView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: OperatorUpdateInput }) =>
      updateOperator(id, body),
    onMutate: () => setRowError(null),
    onSuccess: () => client.invalidateQueries({ queryKey: operatorKeys.all }),
    onError: (err, vars) => setRowError({ id: vars.id, message: err.message }),
  });
  const onSort = (key: OperatorSortKey) => setSort((s) => nextSort(s, key));
  // "Ago" is relative to when the list was fetched (pure render; refetch moves it).
  const now = query.dataUpdatedAt;

  const row = (o: OperatorView) => (
    <tr key={o.id} className={o.disabled ? "ops-row-muted" : undefined}>
      <td>
        {o.email} {o.id === selfId ? <span className="badge">you</span> : null}
        {rowError?.id === o.id ? (
          <span className="ops-field-error" role="alert">
            {rowError.message}
          </span>
        ) : null}
      </td>
      <td>{o.name}</td>
      <td>
        <select
          aria-label={`Role of ${o.email}`}
          value={o.role}
          disabled={update.isPending}
          onChange={(e) =>
            update.mutate({ id: o.id, body: { role: e.target.value as OperatorView["role"] } })
          }
        >
          <option value="viewer">viewer</option>
          <option value="editor">editor</option>
          <option value="admin">admin</option>
        </select>
      </td>
      <td>
        {o.disabled ? (
          <span className="ops-tag ops-tag-over">disabled</span>
        ) : (
          <span className="ops-tag ops-tag-ok">active</span>
        )}
      </td>
      <td title={o.lastLoginAt ? formatDateTime(o.lastLoginAt) : undefined}>
        {formatAgo(o.lastLoginAt, now)}
      </td>
      <td>
        <button
          type="button"
          className="btn"
          disabled={update.isPending}
          onClick={() => update.mutate({ id: o.id, body: { disabled: !o.disabled } })}
          aria-label={`${o.disabled ? "Enable" : "Disable"} ${o.email}`}
        >
          {o.disabled ? "Enable" : "Disable"}
        </button>{" "}
        {o.id !== selfId ? (
          <button
            type="button"
            className="btn"
            onClick={() => setResetting(o)}
            aria-label={`Reset password of ${o.email}`}
          >
            Reset password
          </button>
        ) : null}
      </td>
    </tr>
  );

  return (
    <div className="ops-stack">
      <OperatorCreateForm />
      <PasswordResetDialog
        operator={resetting}
        onClose={() => setResetting(null)}
        onDone={(email) => setNotice(`New password set for ${email}; their sessions have ended.`)}
      />
      {notice ? (
        <p className="ops-ok" role="status">
          {notice}
        </p>
      ) : null}
      <SearchBox
        label="Search operators"
        placeholder="Search by email or name"
        value={search}
        onChange={setSearch}
      />
      {query.isPending ? (
        <LoadingState label="Loading operators…" />
      ) : query.isError && !query.isFetchNextPageError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={q ? `No operator matches “${q}”.` : "No operators."} />
      ) : (
        <>
          <div className="card ops-table-wrap">
            <table aria-label="Operators">
              <thead>
                <tr>
                  <SortHeader label="Email" column="email" sort={sort} onSort={onSort} />
                  <th>Name</th>
                  <th>Role</th>
                  <th>Status</th>
                  <th>Last sign-in</th>
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>{rows.map(row)}</tbody>
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
