import { consoleRoute } from "@/lib/api/console-route";
import { validatePolicyDocument } from "@/lib/console/policy-service";
import { getDb } from "@/lib/db/engine/client";
import { createRoute, listRoutes } from "@/lib/db/routes";
import { CreateRouteSchema } from "@/lib/schemas/console/routes";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async () => ({
  routes: await listRoutes(await getDb()),
}));

export const POST = consoleRoute(
  { role: "editor", body: CreateRouteSchema },
  async ({ operator, body }) => {
    validatePolicyDocument(body.document);
    return createRoute(await getDb(), operator, body);
  },
);
