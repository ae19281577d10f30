import { consoleRoute } from "@/lib/api/console-route";
import { getDb } from "@/lib/db/client";
import { createOperator, listOperators } from "@/lib/db/operator-admin";
import { OperatorCreateSchema } from "@/lib/schemas/console/operators";

export const dynamic = "force-dynamic";

/** GET /api/console/operators (admin). */
export const GET = consoleRoute({ role: "admin" }, async () => ({
  operators: await listOperators(await getDb()),
}));

/** POST /api/console/operators (admin): create an operator with an initial password. */
export const POST = consoleRoute(
  { role: "admin", body: OperatorCreateSchema },
  async ({ operator, body }) => createOperator(await getDb(), operator, body),
);
