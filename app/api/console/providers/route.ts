import { consoleRoute } from "@/lib/api/console-route";
import { assertProviderUrlAllowed } from "@/lib/console/provider-url";
import { createProvider, listProviders } from "@/lib/db/providers";
import { loadEnv } from "@/lib/env";
import { CreateProviderSchema } from "@/lib/schemas/console/providers";

export const dynamic = "force-dynamic";

/** Everyone may read providers (credentials are never returned, only a hint). */
export const GET = consoleRoute({ role: "viewer" }, async ({ db }) => ({
  providers: await listProviders(db),
}));

export const POST = consoleRoute(
  { role: "admin", body: CreateProviderSchema },
  async ({ operator, db, body }) => {
    await assertProviderUrlAllowed(
      body.baseUrl,
      body.allowPrivateNetwork || loadEnv().SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS,
    );
    return createProvider(db, operator, body);
  },
);
