import { consoleRoute } from "@/lib/api/console-route";
import { listAudit } from "@/lib/db/audit";
import { AuditQuerySchema } from "@/lib/schemas/console/audit";

export const dynamic = "force-dynamic";

/** Newest first; `?cursor=` from the previous page, optional `?entityType=` and `?limit=`. */
export const GET = consoleRoute(
  { role: "viewer", query: AuditQuerySchema },
  async ({ db, query }) => listAudit(db, query),
);
