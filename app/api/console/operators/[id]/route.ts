import { consoleRoute, requireUuid } from "@/lib/api/console-route";
import { updateOperator } from "@/lib/db/operator-admin";
import { OperatorUpdateSchema } from "@/lib/schemas/console/operators";

export const dynamic = "force-dynamic";

/** PATCH /api/console/operators/:id (admin): rename, change role, disable or enable. */
export const PATCH = consoleRoute(
  { role: "admin", body: OperatorUpdateSchema },
  async ({ operator, db, body, params }) =>
    updateOperator(db, operator, requireUuid(params.id, "operator"), body),
);
