import { AppError } from "@/lib/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id is a 404, not a database error. */
export function requireUuid(value: string | undefined, what: string): string {
  if (!value || !UUID.test(value)) throw new AppError("not_found", `No such ${what}.`);
  return value;
}
