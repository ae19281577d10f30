import { consoleRoute } from "@/lib/api/console-route";
import { createOperator, listOperators } from "@/lib/db/operator-admin";
import { OperatorListQuerySchema } from "@/lib/schemas/console/list-query";
import { OperatorCreateSchema } from "@/lib/schemas/console/operators";

export const dynamic = "force-dynamic";

/**
 * GET /api/console/operators?q=&cursor=&limit=&sort=email&dir=asc|desc (admin): by email, a page
 * at a time.
 */
export const GET = consoleRoute(
  { role: "admin", query: OperatorListQuerySchema },
  async ({ db, query: { sort, dir, ...query } }) =>
    listOperators(db, { ...query, sort: { key: sort ?? "email", dir: dir ?? "asc" } }),
);

/** POST /api/console/operators (admin): create an operator with an initial password. */
export const POST = consoleRoute(
  { role: "admin", body: OperatorCreateSchema },
  async ({ operator, db, body }) => createOperator(db, operator, body),
);
