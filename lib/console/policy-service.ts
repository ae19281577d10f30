/** Server-side policy use cases of the console: validate a draft, dry-run it. */
import "server-only";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/db/engine/client";
import { listDecisionSamples } from "@/lib/db/decision-samples";
import { loadRegistry } from "@/lib/db/registry";
import { getRoute } from "@/lib/db/routes";
import { compilePolicy } from "@/lib/router";
import { parsePolicyDocument, type PolicyDocument } from "@/lib/schemas/policy";
import { runDryRun } from "./dry-run";
import type { DryRunReport } from "@/lib/schemas/console/routes";

/** Parses a policy document; invalid ones become `validation_failed` with paths under `document`. */
export function validatePolicyDocument(document: unknown): PolicyDocument {
  const parsed = parsePolicyDocument(document);
  if (parsed.ok) return parsed.policy;
  throw new AppError("validation_failed", "The policy document is invalid.", {
    details: parsed.issues.map((i) => ({ path: `document.${i.path}`, message: i.message })),
  });
}

/** Re-decides the route's last `limit` decisions with the draft and the current registry. */
export async function dryRunDraft(
  db: PrismaClient,
  routeSlug: string,
  document: unknown,
  limit: number,
): Promise<DryRunReport> {
  const policy = validatePolicyDocument(document);
  const route = await getRoute(db, routeSlug);
  // The same mapping as the live gateway's, so the replay routes over the registry it would.
  const [registry, samples] = await Promise.all([
    loadRegistry(db),
    listDecisionSamples(db, routeSlug, limit),
  ]);
  const result = runDryRun({
    samples,
    route: {
      slug: route.slug,
      baselineModelSlug: route.baselineModelSlug,
      contentInspection: route.contentInspection,
    },
    draft: compilePolicy(policy, { id: "draft", version: 0 }),
    models: registry.models,
    chains: registry.chains,
    nowMs: Date.now(),
  });
  return { ...result, routeSlug: route.slug, activeVersion: route.activeVersion?.version ?? null };
}
