/**
 * Opaque keyset cursors: the sort key values of a page's last row, base64url-encoded JSON. A
 * cursor that does not decode to `arity` strings reads as "no cursor" (the first page), as the
 * decision list does, rather than failing the request.
 */
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
