import { consoleRoute } from "@/lib/api/console-route";
import { parseQuery } from "@/lib/console/parse-query";
import { getDb } from "@/lib/db/engine/client";
import { createOperator, listOperators } from "@/lib/db/operator-admin";
import { OperatorListQuerySchema } from "@/lib/schemas/console/list-query";
import { OperatorCreateSchema } from "@/lib/schemas/console/operators";

export const dynamic = "force-dynamic";

/**
 * GET /api/console/operators?q=&cursor=&limit=&sort=email&dir=asc|desc (admin): by email, a page
 * at a time.
 */
export const GET = consoleRoute({ role: "admin" }, async ({ url }) => {
  const { sort, dir, ...query } = parseQuery(url, OperatorListQuerySchema);
  return listOperators(await getDb(), {
    ...query,
    sort: { key: sort ?? "email", dir: dir ?? "asc" },
  });
});

/** POST /api/console/operators (admin): create an operator with an initial password. */
export const POST = consoleRoute(
  { role: "admin", body: OperatorCreateSchema },
  async ({ operator, body }) => createOperator(await getDb(), operator, body),
);
