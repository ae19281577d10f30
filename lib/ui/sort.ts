/** Client-side table sorting (pure): a column accessor, a direction, nulls always last. */
export type SortDirection = "asc" | "desc";
export interface SortState<K extends string> {
  key: K;
  dir: SortDirection;
}

type Sortable = string | number | boolean | null | undefined;

export function sortRows<T, K extends string>(
  rows: readonly T[],
  sort: SortState<K>,
  accessors: Record<K, (row: T) => Sortable>,
): T[] {
  const get = accessors[sort.key];
  const sign = sort.dir === "asc" ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: get(row) }))
    .sort((a, b) => {
      if (a.v === b.v) return a.i - b.i;
      if (a.v === null || a.v === undefined) return 1;
      if (b.v === null || b.v === undefined) return -1;
      if (typeof a.v === "string" && typeof b.v === "string") return sign * a.v.localeCompare(b.v);
      return sign * (Number(a.v) < Number(b.v) ? -1 : 1);
    })
    .map((e) => e.row);
}

/** Clicking a column: same column flips, a new one starts descending for numbers. */
export function nextSort<K extends string>(
  current: SortState<K>,
  key: K,
  firstDir: SortDirection = "asc",
): SortState<K> {
  if (current.key === key) return { key, dir: current.dir === "asc" ? "desc" : "asc" };
  return { key, dir: firstDir };
}
