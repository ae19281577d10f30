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
