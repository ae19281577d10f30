import { consoleRoute } from "@/lib/api/console-route";
import { getDb } from "@/lib/db/engine/client";
import { deleteModel, getModel, updateModel } from "@/lib/db/models";
import { UpdateModelSchema } from "@/lib/schemas/console/models";
import { requireUuid } from "@/lib/schemas/console/params";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async ({ params }) =>
  getModel(await getDb(), requireUuid(params.id, "model")),
);

export const PATCH = consoleRoute(
  { role: "editor", body: UpdateModelSchema },
  async ({ operator, body, params }) =>
    updateModel(await getDb(), operator, requireUuid(params.id, "model"), body),
);

export const DELETE = consoleRoute({ role: "editor" }, async ({ operator, params }) => {
  await deleteModel(await getDb(), operator, requireUuid(params.id, "model"));
  return new Response(null, { status: 204 });
});
