import { consoleRoute, requireUuid } from "@/lib/api/console-route";
import { setProviderCredential } from "@/lib/db/providers";
import { SetCredentialSchema } from "@/lib/schemas/console/providers";

export const dynamic = "force-dynamic";

/** Write-only: sets, replaces or (with `value: null`) clears the credential; answers the hint. */
export const PUT = consoleRoute(
  { role: "admin", body: SetCredentialSchema },
  async ({ operator, db, body, params }) =>
    setProviderCredential(db, operator, requireUuid(params.id, "provider"), body.value),
);
