import { consoleRoute, requireUuid } from "@/lib/api/console-route";
import { getPolicyVersion } from "@/lib/db/policies";

export const dynamic = "force-dynamic";

/** One immutable policy version with its document. */
export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) =>
  getPolicyVersion(db, requireUuid(params.id, "policy version")),
);
