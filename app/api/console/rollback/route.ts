import { consoleRoute } from "@/lib/api/console-route";
import { getRollbackState, setRollback } from "@/lib/db/rollback";
import { SetRollbackSchema } from "@/lib/schemas/console/rollback";

export const dynamic = "force-dynamic";

/** Everyone sees the toggle's state (the banner); only admins flip it. */
export const GET = consoleRoute({ role: "viewer" }, async ({ db }) => getRollbackState(db));

export const PUT = consoleRoute(
  { role: "admin", body: SetRollbackSchema },
  async ({ operator, db, body }) => setRollback(db, operator, body),
);
