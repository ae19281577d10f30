import { consoleRoute } from "@/lib/api/console-route";
import { getDb } from "@/lib/db/engine/client";
import { revertPolicy } from "@/lib/db/policies";
import { RevertPolicySchema } from "@/lib/schemas/console/routes";

export const dynamic = "force-dynamic";

/** Makes an older (or newer) version active again; the versions themselves never change. */
export const POST = consoleRoute(
  { role: "editor", body: RevertPolicySchema },
  async ({ operator, body, params }) =>
    revertPolicy(await getDb(), operator, params.slug ?? "", body),
);
