import { consoleRoute } from "@/lib/api/console-route";
import { testProviderConnection } from "@/lib/console/test-connection";
import { getDb } from "@/lib/db/engine/client";
import { loadProviderConnection } from "@/lib/db/providers";
import { loadEnv } from "@/lib/env";
import { requireUuid } from "@/lib/schemas/console/params";

export const dynamic = "force-dynamic";

/** Sends a 1-token request through the provider's adapter (SSRF guard applies). */
export const POST = consoleRoute({ role: "admin" }, async ({ params }) => {
  const provider = await loadProviderConnection(await getDb(), requireUuid(params.id, "provider"));
  const result = await testProviderConnection(provider, {
    allowPrivate: loadEnv().SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS,
  });
  return Response.json(result, { headers: { "cache-control": "no-store" } });
});
