/**
 * Training a route's next scorer version in-process: read the route's labelled examples, train and
 * evaluate (pure, lib/scoring; about a second for tens of thousands of examples), store the result
 * as a new immutable version. It changes routing only once a published policy names it.
 */
import "server-only";
import { AppError } from "@/lib/errors";
import type { AuditActor } from "@/lib/db/audit";
import type { PrismaClient } from "@/lib/db/engine/client";
import { createScorerVersion, loadLabelledExamples, nextScorerVersion } from "@/lib/db/scorers";
import type { ScorerVersionSummary, TrainScorerInput } from "@/lib/schemas/scorers";
import { trainScorerVersion } from "@/lib/scoring";

/** The scorer name decision traces show for a route's version, e.g. `learned-support-v3`. */
export function scorerVersionName(routeSlug: string, version: number): string {
  return `learned-${routeSlug}-v${version}`;
}

export async function trainRouteScorer(
  db: PrismaClient,
  actor: AuditActor,
  routeSlug: string,
  input: TrainScorerInput,
  now: Date = new Date(),
): Promise<ScorerVersionSummary> {
  const records = await loadLabelledExamples(db, routeSlug);
  if (records.length === 0)
    throw new AppError("invalid_request", `Route "${routeSlug}" has no labelled examples yet.`);
  const version = await nextScorerVersion(db, routeSlug);
  const name = scorerVersionName(routeSlug, version);
  let trained;
  try {
    trained = trainScorerVersion(records, { ...input, name, trainedAt: now.toISOString() });
  } catch (error) {
    if (error instanceof RangeError) throw new AppError("invalid_request", error.message);
    throw error;
  }
  return createScorerVersion(db, actor, routeSlug, { version, name, ...trained });
}
