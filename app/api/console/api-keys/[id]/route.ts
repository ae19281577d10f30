import { consoleRoute } from "@/lib/api/console-route";
import { requireGuid } from "@/lib/console/parse-query";
import { revokeApiKey } from "@/lib/db/api-keys";
import { getDb } from "@/lib/db/engine/client";

export const dynamic = "force-dynamic";

/** DELETE /api/console/api-keys/:id (admin): revoke; the gateway refuses it within seconds. */
export const DELETE = consoleRoute({ role: "admin" }, async ({ operator, params }) =>
  revokeApiKey(await getDb(), operator, requireGuid(params.id, "API key")),
);
