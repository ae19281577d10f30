import type { z } from "zod";
import { ApiProblem } from "@/lib/ui/api-problem";

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

/**
 * A failed save as form errors: the API's field errors next to their fields, anything else
 * (network, 409, 500) as one form-level message.
 */
export function mutationFieldErrors(err: Error): Record<string, string> {
  return err instanceof ApiProblem && err.fieldErrors.length > 0
    ? apiFieldErrors(err.fieldErrors)
    : { _form: err.message };
}
