import { consoleRoute } from "@/lib/api/console-route";
import { readQualityReport } from "@/lib/db/quality-report";
import { QUALITY_DEFAULT_SPAN_MS, QualityQuerySchema } from "@/lib/schemas/console/quality";

export const dynamic = "force-dynamic";

/**
 * GET /api/console/quality?route=&from=&to=&groupBy=model|policyVersion&bucket=hour|day (viewer):
 * a route's gate pass, escalation (cascade traffic only) and refusal rates and its feedback
 * metrics, per group, as a series and totals, with 95 % intervals. `to` defaults to now, `from`
 * to 7 days before `to`.
 */
export const GET = consoleRoute(
  { role: "viewer", query: QualityQuerySchema },
  async ({ db, query }) => {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from
      ? new Date(query.from)
      : new Date(to.getTime() - QUALITY_DEFAULT_SPAN_MS);
    return readQualityReport(db, { ...query, from, to });
  },
);
