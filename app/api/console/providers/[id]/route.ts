import { consoleRoute } from "@/lib/api/console-route";
import { assertProviderUpdateAllowed } from "@/lib/console/provider-url";
import { getDb } from "@/lib/db/engine/client";
import { deleteProvider, getProvider, updateProvider } from "@/lib/db/providers";
import { loadEnv } from "@/lib/env";
import { requireUuid } from "@/lib/schemas/console/params";
import { UpdateProviderSchema } from "@/lib/schemas/console/providers";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async ({ params }) =>
  getProvider(await getDb(), requireUuid(params.id, "provider")),
);

export const PATCH = consoleRoute(
  { role: "admin", body: UpdateProviderSchema },
  async ({ operator, body, params }) => {
    const id = requireUuid(params.id, "provider");
    const db = await getDb();
    // Checked against the stored row (outside the write's transaction: it may resolve a name).
    await assertProviderUpdateAllowed(
      await getProvider(db, id),
      body,
      loadEnv().SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS,
    );
    return updateProvider(db, operator, id, body);
  },
);

export const DELETE = consoleRoute({ role: "admin" }, async ({ operator, params }) => {
  await deleteProvider(await getDb(), operator, requireUuid(params.id, "provider"));
  return new Response(null, { status: 204 });
});
