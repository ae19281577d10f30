import { consoleRoute, requireUuid } from "@/lib/api/console-route";
import { getTenant, updateTenant } from "@/lib/db/tenants";
import { TenantUpdateSchema } from "@/lib/schemas/console/tenants";

export const dynamic = "force-dynamic";

/** GET /api/console/tenants/:id (viewer). */
export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) =>
  getTenant(db, requireUuid(params.id, "tenant")),
);

/** PATCH /api/console/tenants/:id (editor): name, allowlist, direct models, content capture. */
export const PATCH = consoleRoute(
  { role: "editor", body: TenantUpdateSchema },
  async ({ operator, db, body, params }) =>
    updateTenant(db, operator, requireUuid(params.id, "tenant"), body),
);
