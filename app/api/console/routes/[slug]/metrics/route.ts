import { consoleRoute } from "@/lib/api/console-route";
import { listRouteMetrics, upsertRouteMetric } from "@/lib/db/route-metrics";
import { RouteMetricInputSchema } from "@/lib/schemas/route-metrics";

export const dynamic = "force-dynamic";

/** The route's declared quality metrics (what `POST /v1/feedback` accepts for its decisions). */
export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) => ({
  metrics: await listRouteMetrics(db, params.slug ?? ""),
}));

/** PUT (editor): declares a metric, or replaces the declaration of the same name (audited). */
export const PUT = consoleRoute(
  { role: "editor", body: RouteMetricInputSchema },
  async ({ operator, db, body, params }) =>
    upsertRouteMetric(db, operator, params.slug ?? "", body),
);
