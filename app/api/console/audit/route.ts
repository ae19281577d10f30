import { consoleRoute } from "@/lib/api/console-route";
import { AppError } from "@/lib/errors";
import { listAudit } from "@/lib/db/audit";
import { getDb } from "@/lib/db/engine/client";

export const dynamic = "force-dynamic";

/** Newest first; `?cursor=` from the previous page, optional `?entityType=` and `?limit=`. */
export const GET = consoleRoute({ role: "viewer" }, async ({ url }) => {
  const cursor = url.searchParams.get("cursor");
  if (cursor !== null && !/^\d{1,19}$/.test(cursor))
    throw new AppError("validation_failed", "Bad cursor.", {
      details: [{ path: "cursor", message: "expected a number" }],
    });
  const entityType = url.searchParams.get("entityType") || undefined;
  const limit = Number(url.searchParams.get("limit")) || undefined;
  return listAudit(await getDb(), { cursor, entityType, limit });
});
