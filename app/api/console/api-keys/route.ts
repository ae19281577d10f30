import { consoleRoute } from "@/lib/api/console-route";
import { parseQuery } from "@/lib/console/parse-query";
import { createApiKey, listApiKeys } from "@/lib/db/api-keys";
import { getDb } from "@/lib/db/engine/client";
import { ApiKeyCreateSchema, ApiKeyListQuerySchema } from "@/lib/schemas/console/tenants";

export const dynamic = "force-dynamic";

/** GET /api/console/api-keys?tenantId= (viewer): a tenant's keys, prefixes only. */
export const GET = consoleRoute({ role: "viewer" }, async ({ url }) => {
  const { tenantId } = parseQuery(url, ApiKeyListQuerySchema);
  return { keys: await listApiKeys(await getDb(), tenantId) };
});

/** POST /api/console/api-keys (admin): create a key; the answer is the only time it is shown. */
export const POST = consoleRoute(
  { role: "admin", body: ApiKeyCreateSchema },
  async ({ operator, body }) => createApiKey(await getDb(), operator, body),
);
