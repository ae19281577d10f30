import { consoleRoute } from "@/lib/api/console-route";
import { getDb } from "@/lib/db/engine/client";
import { getPolicyVersion } from "@/lib/db/policies";
import { requireUuid } from "@/lib/schemas/console/params";

export const dynamic = "force-dynamic";

/** One immutable policy version with its document. */
export const GET = consoleRoute({ role: "viewer" }, async ({ params }) =>
  getPolicyVersion(await getDb(), requireUuid(params.id, "policy version")),
);
