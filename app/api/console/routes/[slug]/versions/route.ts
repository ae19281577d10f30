import { consoleRoute } from "@/lib/api/console-route";
import { validatePolicyForPublish } from "@/lib/console/policy-service";
import { listPolicyVersions, publishPolicy } from "@/lib/db/policies";
import { PolicyVersionsQuerySchema, PublishPolicySchema } from "@/lib/schemas/console/routes";

export const dynamic = "force-dynamic";

/** Newest first, a page at a time (`?cursor=` the previous page's last version, `?limit=`). */
export const GET = consoleRoute(
  { role: "viewer", query: PolicyVersionsQuerySchema },
  async ({ db, params, query }) => listPolicyVersions(db, params.slug ?? "", query),
);

/**
 * Publish: a new immutable version becomes active. Refused (400, the field named) when it names a
 * model or chain the registry lacks; disabled ones publish with `warnings`.
 */
export const POST = consoleRoute(
  { role: "editor", body: PublishPolicySchema },
  async ({ operator, db, body, params }) => {
    const { warnings } = await validatePolicyForPublish(db, body.document, params.slug ?? "");
    return { ...(await publishPolicy(db, operator, params.slug ?? "", body)), warnings };
  },
);
