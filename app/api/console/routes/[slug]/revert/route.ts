import { consoleRoute } from "@/lib/api/console-route";
import { revertPolicy } from "@/lib/db/policies";
import { RevertPolicySchema } from "@/lib/schemas/console/routes";

export const dynamic = "force-dynamic";

/** Makes an older (or newer) version active again; the versions themselves never change. */
export const POST = consoleRoute(
  { role: "editor", body: RevertPolicySchema },
  async ({ operator, db, body, params }) => revertPolicy(db, operator, params.slug ?? "", body),
);
