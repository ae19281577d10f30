/** Server-side policy use cases of the console: validate a draft (shape and registry), dry-run it. */
import "server-only";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/db/engine/client";
import { listDecisionSamples } from "@/lib/db/decision-samples";
import { loadRegistry, type Registry } from "@/lib/db/registry";
import { getRoute } from "@/lib/db/routes";
import { compilePolicy } from "@/lib/router";
import { parsePolicyDocument, type PolicyDocument } from "@/lib/schemas/policy";
import { runDryRun } from "./dry-run";
import type { DryRunReport, PolicyWarning } from "@/lib/schemas/console/routes";
import {
  checkPolicyReferences,
  listScorerReferences,
  type RegistryView,
} from "@/lib/schemas/policy-references";
import { existingScorerVersions } from "@/lib/db/scorers";

/** Parses a policy document; invalid ones become `validation_failed` with paths under `document`. */
export function validatePolicyDocument(document: unknown): PolicyDocument {
  const parsed = parsePolicyDocument(document);
  if (parsed.ok) return parsed.policy;
  throw new AppError("validation_failed", "The policy document is invalid.", {
    details: parsed.issues.map((i) => ({ path: `document.${i.path}`, message: i.message })),
  });
}

/**
 * Shape and registry check before a draft ships: unknown models or chains refuse it
 * (`validation_failed`, each error at its path under `document`), disabled ones come back as
 * warnings. Without this a policy naming a missing model published and then answered 503
 * `no_model_available` to every request.
 */
export function checkPolicyAgainstRegistry(
  document: unknown,
  registry: Registry,
  route?: RegistryView["route"],
): { policy: PolicyDocument; warnings: PolicyWarning[] } {
  const policy = validatePolicyDocument(document);
  const check = checkPolicyReferences(policy, { ...toRegistryView(registry), route });
  const underDocument = (i: { path: string; message: string }) => ({
    path: `document.${i.path}`,
    message: i.message,
  });
  if (check.errors.length > 0)
    throw new AppError(
      "validation_failed",
      `The policy names ${check.errors.length === 1 ? "something" : "things"} the registry or the route does not have: ${check.errors[0]?.message ?? ""}`,
      { details: check.errors.map(underDocument) },
    );
  return { policy, warnings: check.warnings.map(underDocument) };
}

/**
 * The gateway's registry as the check sees it. A registry model's `enabled` already folds in its
 * provider (disabled, or a credential that cannot be decrypted); unfold it so the warning names
 * the provider when that is the cause.
 */
function toRegistryView(registry: Registry): RegistryView {
  const models = [...registry.models.values()].map((m) => {
    const provider = registry.providers.get(m.providerSlug);
    const providerEnabled = provider !== undefined && provider.enabled && !provider.credentialError;
    return { slug: m.slug, tier: m.tier, providerEnabled, enabled: m.enabled || !providerEnabled };
  });
  return { models, chains: [...registry.chains.values()] };
}

/**
 * `checkPolicyAgainstRegistry` with the registry the gateway would load and, for an existing
 * route, its scorer versions and content inspection (a route being created has neither).
 */
export async function validatePolicyForPublish(
  db: PrismaClient,
  document: unknown,
  routeSlug?: string,
): Promise<{ policy: PolicyDocument; warnings: PolicyWarning[] }> {
  const policy = validatePolicyDocument(document); // the shape first: no reads for a malformed draft
  const route = routeSlug === undefined ? undefined : await routeScorerView(db, routeSlug, policy);
  return checkPolicyAgainstRegistry(document, await loadRegistry(db), route);
}

/** The route's side of the scorer check: which named versions exist, content inspection. */
async function routeScorerView(
  db: PrismaClient,
  routeSlug: string,
  policy: PolicyDocument,
): Promise<RegistryView["route"]> {
  const route = await getRoute(db, routeSlug);
  const named = listScorerReferences(policy).map((r) => r.version);
  const existing = await existingScorerVersions(db, routeSlug, named);
  return { scorerVersions: [...existing], contentInspection: route.contentInspection };
}

/** Re-decides the route's last `limit` decisions with the draft and the current registry. */
export async function dryRunDraft(
  db: PrismaClient,
  routeSlug: string,
  document: unknown,
  limit: number,
): Promise<DryRunReport> {
  validatePolicyDocument(document);
  const route = await getRoute(db, routeSlug);
  // The same mapping as the live gateway's, so the replay routes over the registry it would.
  const [registry, samples] = await Promise.all([
    loadRegistry(db),
    listDecisionSamples(db, routeSlug, limit),
  ]);
  // The same refusal as publish: a replay with a missing model would only show "no model".
  const { policy, warnings } = checkPolicyAgainstRegistry(
    document,
    registry,
    await routeScorerView(db, routeSlug, validatePolicyDocument(document)),
  );
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
  });
  return {
    ...result,
    routeSlug: route.slug,
    activeVersion: route.activeVersion?.version ?? null,
    warnings,
  };
}
