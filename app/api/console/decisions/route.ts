import { consoleRoute } from "@/lib/api/console-route";
import { toDecisionFilters } from "@/lib/console/decision-filters";
import { listDecisions } from "@/lib/db/decisions";
import { DecisionListQuerySchema } from "@/lib/schemas/console/decisions";

export const dynamic = "force-dynamic";

/**
 * GET /api/console/decisions (viewer): filters in the query; `sort` (time | cost | latency) and
 * `dir` (default time, desc) order it on the server; keyset cursor.
 */
export const GET = consoleRoute(
  { role: "viewer", query: DecisionListQuerySchema },
  async ({ db, query }) =>
    listDecisions(db, toDecisionFilters(query), {
      cursor: query.cursor ?? null,
      limit: query.limit ?? 50,
      sort: { key: query.sort ?? "time", dir: query.dir ?? "desc" },
    }),
);
