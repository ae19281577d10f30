import type { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * Parses a URL's query string with a strict zod schema; failures become `validation_failed`
 * with one `{path, message}` per issue (the same shape as body errors). Empty values are
 * treated as absent so forms can send blank filters.
 */
export function parseQuery<S extends z.ZodType>(url: URL, schema: S): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (v !== "") raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({
      path: i.path.join("."),
      message: i.message,
    }));
    throw new AppError("validation_failed", "The query string failed validation.", { details });
  }
  return parsed.data;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that must look like a uuid; anything else is simply not found. */
export function requireGuid(value: string | undefined, what: string): string {
  if (value === undefined || !GUID.test(value)) throw new AppError("not_found", `No such ${what}.`);
  return value;
}
