import { consoleRoute } from "@/lib/api/console-route";
import { getDb } from "@/lib/db/engine/client";
import { getRollbackState, setRollback } from "@/lib/db/rollback";
import { SetRollbackSchema } from "@/lib/schemas/console/rollback";

export const dynamic = "force-dynamic";

/** Everyone sees the toggle's state (the banner); only admins flip it. */
export const GET = consoleRoute({ role: "viewer" }, async () => getRollbackState(await getDb()));

export const PUT = consoleRoute(
  { role: "admin", body: SetRollbackSchema },
  async ({ operator, body }) => setRollback(await getDb(), operator, body),
);
