import { consoleRoute, requireUuid } from "@/lib/api/console-route";
import { revokeApiKey } from "@/lib/db/api-keys";

export const dynamic = "force-dynamic";

/** DELETE /api/console/api-keys/:id (admin): revoke; the gateway refuses it within seconds. */
export const DELETE = consoleRoute({ role: "admin" }, async ({ operator, db, params }) =>
  revokeApiKey(db, operator, requireUuid(params.id, "API key")),
);
