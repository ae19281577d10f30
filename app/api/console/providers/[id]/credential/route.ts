import { consoleRoute } from "@/lib/api/console-route";
import { getDb } from "@/lib/db/engine/client";
import { setProviderCredential } from "@/lib/db/providers";
import { requireUuid } from "@/lib/schemas/console/params";
import { SetCredentialSchema } from "@/lib/schemas/console/providers";

export const dynamic = "force-dynamic";

/** Write-only: sets, replaces or (with `value: null`) clears the credential; answers the hint. */
export const PUT = consoleRoute(
  { role: "admin", body: SetCredentialSchema },
  async ({ operator, body, params }) =>
    setProviderCredential(await getDb(), operator, requireUuid(params.id, "provider"), body.value),
);
