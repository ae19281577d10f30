import { consoleRoute } from "@/lib/api/console-route";
import { requireGuid } from "@/lib/console/parse-query";
import { getDb } from "@/lib/db/engine/client";
import { getTenant, updateTenant } from "@/lib/db/tenants";
import { TenantUpdateSchema } from "@/lib/schemas/console/tenants";

export const dynamic = "force-dynamic";

/** GET /api/console/tenants/:id (viewer). */
export const GET = consoleRoute({ role: "viewer" }, async ({ params }) =>
  getTenant(await getDb(), requireGuid(params.id, "tenant")),
);

/** PATCH /api/console/tenants/:id (editor): name, allowlist, direct models, content capture. */
export const PATCH = consoleRoute(
  { role: "editor", body: TenantUpdateSchema },
  async ({ operator, body, params }) =>
    updateTenant(await getDb(), operator, requireGuid(params.id, "tenant"), body),
);
