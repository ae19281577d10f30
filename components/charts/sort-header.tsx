"use client";

import type { SortState } from "@/lib/ui/sort";

/** A sortable column header: a button inside <th>, with aria-sort for screen readers. */
export function SortHeader<K extends string>({
  label,
  column,
  sort,
  onSort,
  numeric = false,
}: {
  label: string;
  column: K;
  sort: SortState<K>;
  onSort: (key: K) => void;
  numeric?: boolean;
}) {
  const active = sort.key === column;
  const aria = active ? (sort.dir === "asc" ? "ascending" : "descending") : "none";
  return (
    <th aria-sort={aria} className={numeric ? "num" : undefined}>
      <button type="button" className="ops-sort" onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true" className="ops-sort-icon">
          {active ? (sort.dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </button>
    </th>
  );
}
