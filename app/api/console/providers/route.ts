import { consoleRoute } from "@/lib/api/console-route";
import { assertProviderUrlAllowed } from "@/lib/console/provider-url";
import { getDb } from "@/lib/db/engine/client";
import { createProvider, listProviders } from "@/lib/db/providers";
import { loadEnv } from "@/lib/env";
import { CreateProviderSchema } from "@/lib/schemas/console/providers";

export const dynamic = "force-dynamic";

/** Everyone may read providers (credentials are never returned, only a hint). */
export const GET = consoleRoute({ role: "viewer" }, async () => ({
  providers: await listProviders(await getDb()),
}));

export const POST = consoleRoute(
  { role: "admin", body: CreateProviderSchema },
  async ({ operator, body }) => {
    await assertProviderUrlAllowed(
      body.baseUrl,
      body.allowPrivateNetwork || loadEnv().SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS,
    );
    return createProvider(await getDb(), operator, body);
  },
);
