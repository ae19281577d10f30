/**
 * Browser-side fetch for the console API (operations pages): JSON in, JSON out, and
 * problem+json errors turned into `ApiProblem` with the field errors the forms show.
 */
import type { z } from "zod";
import { ApiProblem } from "@/lib/ui/api-problem";

export function readProblem(status: number, body: unknown): ApiProblem {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const errors = Array.isArray(b.errors)
    ? b.errors.flatMap((e: unknown) => {
        const o = (typeof e === "object" && e !== null ? e : {}) as Record<string, unknown>;
        return typeof o.path === "string" && typeof o.message === "string"
          ? [{ path: o.path, message: o.message }]
          : [];
      })
    : [];
  const detail = typeof b.detail === "string" ? b.detail : `Request failed (${status}).`;
  const code = typeof b.code === "string" ? b.code : "http_error";
  const requestId = typeof b.requestId === "string" ? b.requestId : null;
  return new ApiProblem(status, code, detail, errors, requestId);
}

/** Calls the console API and validates the answer with `schema`. */
export async function requestJson<S extends z.ZodType>(
  path: string,
  schema: S,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<z.infer<S>> {
  const res = await fetch(path, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? {} : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
    credentials: "same-origin",
    cache: "no-store",
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) throw readProblem(res.status, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ApiProblem(res.status, "bad_response", "Unexpected answer from the server.");
  return parsed.data;
}

/** Query string from defined, non-empty values. */
export function toSearch(
  params: Record<string, string | number | boolean | undefined | null>,
): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : "";
}
