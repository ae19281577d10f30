import { consoleRoute } from "@/lib/api/console-route";
import { validatePolicyForPublish } from "@/lib/console/policy-service";
import { createRoute, listRoutes } from "@/lib/db/routes";
import { CreateRouteSchema } from "@/lib/schemas/console/routes";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async ({ db }) => ({
  routes: await listRoutes(db),
}));

export const POST = consoleRoute(
  { role: "editor", body: CreateRouteSchema },
  async ({ operator, db, body }) => {
    // The first version ships like any other: unknown models refused, disabled ones warned.
    const { warnings } = await validatePolicyForPublish(db, body.document);
    return { ...(await createRoute(db, operator, body)), warnings };
  },
);
