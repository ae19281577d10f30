import { consoleRoute } from "@/lib/api/console-route";
import { readExamplesUpload } from "@/lib/api/jsonl-upload";
import { importLabelledExamples, summarizeLabelledExamples } from "@/lib/db/scorers";

export const dynamic = "force-dynamic";

/** How many labelled examples the route holds. */
export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) =>
  summarizeLabelledExamples(db, params.slug ?? ""),
);

/**
 * Upload: JSON Lines (application/x-ndjson), one labelled example per line (docs/quality.md).
 * All or nothing: a bad line refuses the upload (400, `errors[].path` = `line N`).
 */
export const POST = consoleRoute({ role: "editor" }, async ({ db, operator, params, req }) => {
  const slug = params.slug ?? "";
  await summarizeLabelledExamples(db, slug); // 404 before reading a large body
  const examples = await readExamplesUpload(req);
  return importLabelledExamples(db, operator, slug, examples);
});
