import { consoleRoute } from "@/lib/api/console-route";
import { getDb } from "@/lib/db/client";
import { deleteProvider, getProvider, updateProvider } from "@/lib/db/providers";
import { requireUuid } from "@/lib/schemas/console/params";
import { UpdateProviderSchema } from "@/lib/schemas/console/providers";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async ({ params }) =>
  getProvider(await getDb(), requireUuid(params.id, "provider")),
);

export const PATCH = consoleRoute(
  { role: "admin", body: UpdateProviderSchema },
  async ({ operator, body, params }) =>
    updateProvider(await getDb(), operator, requireUuid(params.id, "provider"), body),
);

export const DELETE = consoleRoute({ role: "admin" }, async ({ operator, params }) => {
  await deleteProvider(await getDb(), operator, requireUuid(params.id, "provider"));
  return new Response(null, { status: 204 });
});
