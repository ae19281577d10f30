import { consoleRoute } from "@/lib/api/console-route";
import { getDb } from "@/lib/db/engine/client";
import { createModel, listModels } from "@/lib/db/models";
import { CreateModelSchema } from "@/lib/schemas/console/models";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async () => ({
  models: await listModels(await getDb()),
}));

export const POST = consoleRoute(
  { role: "editor", body: CreateModelSchema },
  async ({ operator, body }) => createModel(await getDb(), operator, body),
);
