/** The query of a searchable, keyset-paginated console list (tenants, operators). */
import { z } from "zod";

export const SearchPageQuerySchema = z.strictObject({
  /** Case-insensitive substring of the name (and slug or email). */
  q: z.string().trim().max(100, "At most 100 characters.").optional(),
  /** `nextCursor` of the previous page. */
  cursor: z.string().min(1).max(600).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export type SearchPageQuery = z.infer<typeof SearchPageQuerySchema>;

/**
 * A page size as the list readers have always taken it: anything that is not a positive number
 * means "the default", and the reader clamps the rest (1–200).
 */
export const lenientLimit = z
  .string()
  .optional()
  .transform((v) => Number(v) || undefined);

/** A server-side order of a searchable list: a column and a direction. */
export interface ListSort<K extends string> {
  key: K;
  dir: "asc" | "desc";
}

/** What a sortable list reader takes: the parsed query with its order resolved. */
export interface SortedPageOptions<K extends string> {
  q?: string;
  cursor?: string | null;
  limit?: number;
  sort?: ListSort<K>;
}

/** The search-page query plus `sort` (one of `keys`) and `dir`; the cursor carries both. */
function sortedSearchPageQuery<K extends string>(keys: readonly [K, ...K[]]) {
  return SearchPageQuerySchema.extend({
    sort: z.enum(keys, { error: `expected ${keys.join(" or ")}` }).optional(),
    dir: z.enum(["asc", "desc"], { error: "expected asc or desc" }).optional(),
  });
}

/** Tenant list orders: both columns have an index (`Tenant(name, id)`, unique `slug`). */
export const TENANT_SORT_KEYS = ["name", "slug"] as const;
export type TenantSortKey = (typeof TENANT_SORT_KEYS)[number];
export const TenantListQuerySchema = sortedSearchPageQuery(TENANT_SORT_KEYS);

/** Operator list orders: `email` (unique); other columns have no index to page by. */
export const OPERATOR_SORT_KEYS = ["email"] as const;
export type OperatorSortKey = (typeof OPERATOR_SORT_KEYS)[number];
export const OperatorListQuerySchema = sortedSearchPageQuery(OPERATOR_SORT_KEYS);
