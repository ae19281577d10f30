import { consoleRoute, requireUuid } from "@/lib/api/console-route";
import { assertProviderUpdateAllowed } from "@/lib/console/provider-url";
import { deleteProvider, getProvider, updateProvider } from "@/lib/db/providers";
import { loadEnv } from "@/lib/env";
import { UpdateProviderSchema } from "@/lib/schemas/console/providers";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) =>
  getProvider(db, requireUuid(params.id, "provider")),
);

export const PATCH = consoleRoute(
  { role: "admin", body: UpdateProviderSchema },
  async ({ operator, db, body, params }) => {
    const id = requireUuid(params.id, "provider");
    // Checked against the stored row (outside the write's transaction: it may resolve a name).
    await assertProviderUpdateAllowed(
      await getProvider(db, id),
      body,
      loadEnv().SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS,
    );
    return updateProvider(db, operator, id, body);
  },
);

export const DELETE = consoleRoute({ role: "admin" }, async ({ operator, db, params }) => {
  await deleteProvider(db, operator, requireUuid(params.id, "provider"));
  return new Response(null, { status: 204 });
});
