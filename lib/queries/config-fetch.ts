/**
 * Fetch helpers of the configuration pages, on top of the shared `requestJson` (problem+json →
 * `ApiProblem` with field errors). Answers are typed by the response types in
 * lib/schemas/console (the browser side never imports lib/db or lib/console, not even types).
 */
import { z } from "zod";
import { requestJson } from "./ops-fetch";

const anyObject = z.custom<object>(
  (v) => typeof v === "object" && v !== null,
  "expected an object",
);
const anyValue = z.unknown();

/** GET or write a console endpoint whose answer is a JSON object of type T. */
export function callApi<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  return requestJson(path, anyObject, init) as Promise<T>;
}

/** For endpoints that answer 204 No Content (deletes). */
export async function callApiEmpty(path: string, init: { method: string }): Promise<void> {
  await requestJson(path, anyValue, init);
}
