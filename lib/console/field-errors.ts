import type { z } from "zod";

/** Field path → first message, from a zod error (client-side checks before sending). */
export function zodFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.join(".") || "_form";
    out[path] ??= issue.message;
  }
  return out;
}

/** Field path → first message, from API field errors (problem+json `errors`). */
export function apiFieldErrors(
  errors: ReadonlyArray<{ path: string; message: string }>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.path || "_form"] ??= e.message;
  return out;
}
