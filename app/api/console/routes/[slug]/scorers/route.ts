import { consoleRoute } from "@/lib/api/console-route";
import { trainRouteScorer } from "@/lib/console/scorer-service";
import { listScorerVersions, summarizeLabelledExamples } from "@/lib/db/scorers";
import { TrainScorerSchema } from "@/lib/schemas/scorers";

export const dynamic = "force-dynamic";

/** The route's scorer versions (newest first) with their offline evaluation, and its examples. */
export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) => {
  const slug = params.slug ?? "";
  const examples = await summarizeLabelledExamples(db, slug);
  return { examples, versions: await listScorerVersions(db, slug) };
});

/** Trains the next version from every stored example of the route (201 with its evaluation). */
export const POST = consoleRoute(
  { role: "editor", body: TrainScorerSchema },
  async ({ db, operator, params, body }) => trainRouteScorer(db, operator, params.slug ?? "", body),
);
