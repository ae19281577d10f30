import { consoleRoute } from "@/lib/api/console-route";
import { resolveOverviewWindow } from "@/lib/schemas/console/time-range";
import { readOverview } from "@/lib/db/dashboard";
import { OverviewQuerySchema } from "@/lib/schemas/console/overview";

export const dynamic = "force-dynamic";

/** GET /api/console/overview?range=24h&groupBy=route (viewer): dashboard data from rollups. */
export const GET = consoleRoute(
  { role: "viewer", query: OverviewQuerySchema },
  async ({ db, query }) => {
    const window = resolveOverviewWindow(query, Date.now());
    return readOverview(db, { ...window, groupBy: query.groupBy });
  },
);
