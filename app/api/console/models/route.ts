import { consoleRoute } from "@/lib/api/console-route";
import { createModel, listModels } from "@/lib/db/models";
import { CreateModelSchema } from "@/lib/schemas/console/models";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async ({ db }) => ({
  models: await listModels(db),
}));

export const POST = consoleRoute(
  { role: "editor", body: CreateModelSchema },
  async ({ operator, db, body }) => createModel(db, operator, body),
);
