import { AppError } from "@/lib/errors";
import { consoleRoute } from "@/lib/api/console-route";
import { getDecisionById } from "@/lib/db/decisions";
import { findTenantName } from "@/lib/db/tenants";

export const dynamic = "force-dynamic";

/**
 * GET /api/console/decisions/:id (viewer): the whole record with its attempts. Captured content
 * (tenant opt-in) is left out: the console shows routing, not prompts.
 */
export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) => {
  const decision = await getDecisionById(db, params.id ?? "");
  if (!decision) throw new AppError("not_found", "No such decision.");
  const { content: _content, ...rest } = decision;
  const tenantName = decision.tenantId ? await findTenantName(db, decision.tenantId) : null;
  return { ...rest, tenantName };
});
