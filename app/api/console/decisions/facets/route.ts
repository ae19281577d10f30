import { consoleRoute } from "@/lib/api/console-route";
import { readDecisionFacets } from "@/lib/db/dashboard";

export const dynamic = "force-dynamic";

/** GET /api/console/decisions/facets (viewer): routes, models and tenants for the filters. */
export const GET = consoleRoute({ role: "viewer" }, async ({ db }) => readDecisionFacets(db));
