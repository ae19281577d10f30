import { consoleRoute, requireUuid } from "@/lib/api/console-route";
import { deleteModel, getModel, updateModel } from "@/lib/db/models";
import { UpdateModelSchema } from "@/lib/schemas/console/models";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) =>
  getModel(db, requireUuid(params.id, "model")),
);

export const PATCH = consoleRoute(
  { role: "editor", body: UpdateModelSchema },
  async ({ operator, db, body, params }) =>
    updateModel(db, operator, requireUuid(params.id, "model"), body),
);

export const DELETE = consoleRoute({ role: "editor" }, async ({ operator, db, params }) => {
  await deleteModel(db, operator, requireUuid(params.id, "model"));
  return new Response(null, { status: 204 });
});
