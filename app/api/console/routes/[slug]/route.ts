import { consoleRoute } from "@/lib/api/console-route";
import { getDb } from "@/lib/db/client";
import { getRoute } from "@/lib/db/routes";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async ({ params }) =>
  getRoute(await getDb(), params.slug ?? ""),
);
