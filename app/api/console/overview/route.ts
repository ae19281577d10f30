import { consoleRoute } from "@/lib/api/console-route";
import { parseQuery } from "@/lib/console/parse-query";
import { resolveOverviewWindow } from "@/lib/schemas/console/time-range";
import { getDb } from "@/lib/db/engine/client";
import { readOverview } from "@/lib/db/dashboard";
import { OverviewQuerySchema } from "@/lib/schemas/console/overview";

export const dynamic = "force-dynamic";

/** GET /api/console/overview?range=24h&groupBy=route (viewer): dashboard data from rollups. */
export const GET = consoleRoute({ role: "viewer" }, async ({ url }) => {
  const query = parseQuery(url, OverviewQuerySchema);
  const window = resolveOverviewWindow(query, Date.now());
  return readOverview(await getDb(), { ...window, groupBy: query.groupBy });
});
