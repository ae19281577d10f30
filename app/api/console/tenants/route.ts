import { consoleRoute } from "@/lib/api/console-route";
import { getDb } from "@/lib/db/client";
import { createTenant, listTenants } from "@/lib/db/tenants";
import { TenantCreateSchema } from "@/lib/schemas/console/tenants";

export const dynamic = "force-dynamic";

/** GET /api/console/tenants (viewer): tenants with budgets and active key counts. */
export const GET = consoleRoute({ role: "viewer" }, async () => ({
  tenants: await listTenants(await getDb()),
}));

/** POST /api/console/tenants (editor): create a tenant. */
export const POST = consoleRoute(
  { role: "editor", body: TenantCreateSchema },
  async ({ operator, body }) => createTenant(await getDb(), operator, body),
);
