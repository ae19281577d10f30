import { consoleRoute } from "@/lib/api/console-route";
import { deleteRouteMetric } from "@/lib/db/route-metrics";

export const dynamic = "force-dynamic";

/** DELETE (editor): new feedback for the metric is refused; stored feedback and rollups stay. */
export const DELETE = consoleRoute(
  { role: "editor" },
  async ({ operator, requestId, db, params }) => {
    await deleteRouteMetric(db, operator, params.slug ?? "", params.name ?? "");
    return new Response(null, { status: 204, headers: { "x-request-id": requestId } });
  },
);
