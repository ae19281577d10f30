import { consoleRoute } from "@/lib/api/console-route";
import { createApiKey, listApiKeys } from "@/lib/db/api-keys";
import { ApiKeyCreateSchema, ApiKeyListQuerySchema } from "@/lib/schemas/console/tenants";

export const dynamic = "force-dynamic";

/** GET /api/console/api-keys?tenantId= (viewer): a tenant's keys, prefixes only. */
export const GET = consoleRoute(
  { role: "viewer", query: ApiKeyListQuerySchema },
  async ({ db, query }) => ({ keys: await listApiKeys(db, query.tenantId) }),
);

/** POST /api/console/api-keys (admin): create a key; the answer is the only time it is shown. */
export const POST = consoleRoute(
  { role: "admin", body: ApiKeyCreateSchema },
  async ({ operator, db, body }) => createApiKey(db, operator, body),
);
