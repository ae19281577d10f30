/** Scorer versions and labelled examples of a route (docs/quality.md), for the route page. */
import { queryOptions } from "@tanstack/react-query";
import type {
  LabelledExamplesSummary,
  ScorerVersionSummary,
  TrainScorerInput,
} from "@/lib/schemas/scorers";
import { callApi } from "./config-fetch";
import { readProblem } from "./ops-fetch";

export type { ScorerVersionSummary };

export const scorerKeys = {
  route: (slug: string) => ["scorers", slug] as const,
};

const base = (slug: string) => `/api/console/routes/${encodeURIComponent(slug)}`;

export const scorerListQuery = (slug: string) =>
  queryOptions({
    queryKey: scorerKeys.route(slug),
    queryFn: ({ signal }) =>
      callApi<{ examples: LabelledExamplesSummary; versions: ScorerVersionSummary[] }>(
        `${base(slug)}/scorers`,
        { signal },
      ),
  });

/** Uploads a JSONL file as is (the server streams and validates it line by line). */
export async function uploadExamples(
  slug: string,
  file: Blob,
): Promise<{ count: number } & LabelledExamplesSummary> {
  const res = await fetch(`${base(slug)}/examples`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson" },
    body: file,
    credentials: "same-origin",
  });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw readProblem(res.status, body);
  return body as { count: number } & LabelledExamplesSummary;
}

export const trainScorer = (slug: string, input: Partial<TrainScorerInput> = {}) =>
  callApi<ScorerVersionSummary>(`${base(slug)}/scorers`, { method: "POST", body: input });
