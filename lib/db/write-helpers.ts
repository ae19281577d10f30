import { AppError } from "@/lib/errors";

/** Maps a unique-constraint violation to a `conflict` AppError with a readable message. */
export function rethrowConflict(error: unknown, message: string): never {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "P2002") throw new AppError("conflict", message, { cause: error });
  throw error;
}

/** Whether a Prisma error is a foreign-key (restrict) violation. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "P2003" || code === "P2014";
}

/** Turns a stored JSON column into a plain record (unknown shapes become `{}`). */
export function toRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
