/**
 * Opaque keyset cursors: the sort key values of a page's last row, base64url-encoded JSON. A
 * cursor that does not decode to `arity` strings reads as "no cursor" (the first page), as the
 * decision list does, rather than failing the request.
 */
import { isUuid } from "@/lib/ids";

export function encodeKeyset(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export function decodeKeyset(cursor: string | null | undefined, arity: number): string[] | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== arity) return null;
    return parsed.every((v) => typeof v === "string") ? (parsed as string[]) : null;
  } catch {
    return null;
  }
}

/** Page size of the searchable lists: 1..200, default 50. */
export function clampLimit(limit: number | undefined): number {
  return Math.min(200, Math.max(1, Math.floor(limit ?? 50)));
}

/**
 * A cursor for a list read in a chosen order: the order itself, then the last row's sort value
 * and id, so a cursor made for another order reads as the first page instead of skipping rows.
 */
export function encodeSortedKeyset(
  sort: { key: string; dir: "asc" | "desc" },
  value: string,
  id: string,
): string {
  return encodeKeyset([sort.key, sort.dir, value, id]);
}

/**
 * The `[value, id]` a sorted cursor continues after, or null (first page) for another order or
 * an id that is not a uuid (the lists that use it key by uuid ids).
 */
export function decodeSortedKeyset(
  cursor: string | null | undefined,
  sort: { key: string; dir: "asc" | "desc" },
): { value: string; id: string } | null {
  const parts = decodeKeyset(cursor, 4);
  if (!parts || parts[0] !== sort.key || parts[1] !== sort.dir) return null;
  const [, , value = "", id = ""] = parts;
  return isUuid(id) ? { value, id } : null;
}
