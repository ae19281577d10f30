import { consoleRoute } from "@/lib/api/console-route";
import { createTenant, listTenants } from "@/lib/db/tenants";
import { TenantListQuerySchema } from "@/lib/schemas/console/list-query";
import { TenantCreateSchema } from "@/lib/schemas/console/tenants";

export const dynamic = "force-dynamic";

/**
 * GET /api/console/tenants?q=&cursor=&limit=&sort=name|slug&dir=asc|desc (viewer): tenants with
 * budgets and active key counts, a page at a time (`nextCursor`), filtered by name or slug.
 */
export const GET = consoleRoute(
  { role: "viewer", query: TenantListQuerySchema },
  async ({ db, query: { sort, dir, ...query } }) =>
    listTenants(db, { ...query, sort: { key: sort ?? "name", dir: dir ?? "asc" } }),
);

/** POST /api/console/tenants (editor): create a tenant. */
export const POST = consoleRoute(
  { role: "editor", body: TenantCreateSchema },
  async ({ operator, db, body }) => createTenant(db, operator, body),
);
