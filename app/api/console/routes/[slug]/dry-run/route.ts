import { consoleRoute } from "@/lib/api/console-route";
import { dryRunDraft } from "@/lib/console/policy-service";
import { DryRunSchema } from "@/lib/schemas/console/routes";

export const dynamic = "force-dynamic";

/** Re-decides the last N logged decisions with a draft; changes nothing. */
export const POST = consoleRoute(
  { role: "editor", body: DryRunSchema },
  async ({ db, body, params }) => {
    const report = await dryRunDraft(db, params.slug ?? "", body.document, body.limit);
    return Response.json(report, { headers: { "cache-control": "no-store" } });
  },
);
