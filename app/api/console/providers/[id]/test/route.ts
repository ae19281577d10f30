import { consoleRoute, requireUuid } from "@/lib/api/console-route";
import { testProviderConnection } from "@/lib/console/test-connection";
import { loadProviderConnection } from "@/lib/db/providers";
import { loadEnv } from "@/lib/env";

export const dynamic = "force-dynamic";

/** Sends a 1-token request through the provider's adapter (SSRF guard applies). */
export const POST = consoleRoute({ role: "admin" }, async ({ db, params }) => {
  const provider = await loadProviderConnection(db, requireUuid(params.id, "provider"));
  const result = await testProviderConnection(provider, {
    allowPrivate: loadEnv().SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS,
  });
  return Response.json(result, { headers: { "cache-control": "no-store" } });
});
