import { consoleRoute } from "@/lib/api/console-route";
import { requireGuid } from "@/lib/console/parse-query";
import { getDb } from "@/lib/db/engine/client";
import { updateOperator } from "@/lib/db/operator-admin";
import { OperatorUpdateSchema } from "@/lib/schemas/console/operators";

export const dynamic = "force-dynamic";

/** PATCH /api/console/operators/:id (admin): rename, change role, disable or enable. */
export const PATCH = consoleRoute(
  { role: "admin", body: OperatorUpdateSchema },
  async ({ operator, body, params }) =>
    updateOperator(await getDb(), operator, requireGuid(params.id, "operator"), body),
);
