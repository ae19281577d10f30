import { consoleRoute } from "@/lib/api/console-route";
import { listDecisionFeedback } from "@/lib/db/quality-report";

export const dynamic = "force-dynamic";

/** GET /api/console/decisions/:id/feedback (viewer): the decision's outcomes, newest first. */
export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) => ({
  feedback: await listDecisionFeedback(db, params.id ?? ""),
}));
