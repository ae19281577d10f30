import { consoleRoute } from "@/lib/api/console-route";
import { deleteRoute, updateRoute } from "@/lib/db/route-writes";
import { getRoute } from "@/lib/db/routes";
import { UpdateRouteSchema } from "@/lib/schemas/console/routes";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) =>
  getRoute(db, params.slug ?? ""),
);

/** PATCH (editor): description, baseline model, content inspection. */
export const PATCH = consoleRoute(
  { role: "editor", body: UpdateRouteSchema },
  async ({ operator, db, body, params }) => updateRoute(db, operator, params.slug ?? "", body),
);

/** DELETE (editor or admin): 409 for the active rollback route and for the last route. */
export const DELETE = consoleRoute(
  { role: "editor" },
  async ({ operator, requestId, db, params }) => {
    await deleteRoute(db, operator, params.slug ?? "");
    return new Response(null, { status: 204, headers: { "x-request-id": requestId } });
  },
);
