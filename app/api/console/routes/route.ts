import { consoleRoute } from "@/lib/api/console-route";
import { validatePolicyDocument } from "@/lib/console/policy-service";
import { createRoute, listRoutes } from "@/lib/db/routes";
import { CreateRouteSchema } from "@/lib/schemas/console/routes";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async ({ db }) => ({
  routes: await listRoutes(db),
}));

export const POST = consoleRoute(
  { role: "editor", body: CreateRouteSchema },
  async ({ operator, db, body }) => {
    validatePolicyDocument(body.document);
    return createRoute(db, operator, body);
  },
);
