import { consoleRoute } from "@/lib/api/console-route";
import { readRouteQuality } from "@/lib/db/quality-reads";
import { getRoute } from "@/lib/db/routes";
import { RouteQualityQuerySchema } from "@/lib/schemas/route-metrics";

export const dynamic = "force-dynamic";

const HOUR_MS = 3_600_000;

/** The route's quality trend: feedback rollups per metric, per model × version, per hour. */
export const GET = consoleRoute(
  { role: "viewer", query: RouteQualityQuerySchema },
  async ({ db, params, query }) => {
    const slug = params.slug ?? "";
    await getRoute(db, slug); // 404 for an unknown route, like its other endpoints
    // Whole hours, so the last (current) bucket is included.
    const to = new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS);
    return readRouteQuality(db, slug, {
      from: new Date(to.getTime() - query.days * 86_400_000),
      to,
    });
  },
);
