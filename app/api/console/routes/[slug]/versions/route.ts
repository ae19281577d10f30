import { consoleRoute } from "@/lib/api/console-route";
import { validatePolicyDocument } from "@/lib/console/policy-service";
import { getDb } from "@/lib/db/engine/client";
import { listPolicyVersions, publishPolicy } from "@/lib/db/policies";
import { PublishPolicySchema } from "@/lib/schemas/console/routes";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async ({ params, url }) => {
  const cursor = Number(url.searchParams.get("cursor")) || null;
  const limit = Number(url.searchParams.get("limit")) || undefined;
  return listPolicyVersions(await getDb(), params.slug ?? "", { cursor, limit });
});

/** Publish: a new immutable version becomes active. */
export const POST = consoleRoute(
  { role: "editor", body: PublishPolicySchema },
  async ({ operator, body, params }) => {
    validatePolicyDocument(body.document);
    return publishPolicy(await getDb(), operator, params.slug ?? "", body);
  },
);
