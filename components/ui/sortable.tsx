"use client";

import { useMemo, useState } from "react";

export type SortDir = "asc" | "desc";

/** Client-side sorting of a bounded list by a column accessor. */
export function useSorted<T, K extends string>(
  rows: readonly T[] | undefined,
  accessors: Record<K, (row: T) => string | number | boolean | null>,
  initial: { key: NoInfer<K>; dir: SortDir },
) {
  const [sort, setSort] = useState<{ key: K; dir: SortDir }>(initial);
  const sorted = useMemo(() => {
    if (!rows) return [];
    const get = accessors[sort.key];
    const factor = sort.dir === "asc" ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = get(a);
      const y = get(b);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * factor;
    });
    // accessors are static per call site
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows, sort]);
  const toggle = (key: K) =>
    setSort((s) =>
      s.key === key ? { key, dir: s.dir === "asc" ? "desc" : "asc" } : { key, dir: "asc" },
    );
  return { sorted, sort, toggle };
}

/** A keyboard-operable sortable column header with aria-sort. */
export function SortHeader<K extends string>({
  label,
  column,
  sort,
  onSort,
  numeric,
}: {
  label: string;
  column: K;
  sort: { key: K; dir: SortDir };
  onSort: (key: K) => void;
  numeric?: boolean;
}) {
  const active = sort.key === column;
  return (
    <th
      aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}
      className={numeric ? "num" : undefined}
    >
      <button type="button" className="sort-btn" onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true" className="sort-arrow">
          {active ? (sort.dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </button>
    </th>
  );
}
