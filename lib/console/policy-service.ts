/** Server-side policy use cases of the console: validate a draft, dry-run it. */
import "server-only";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/db/engine/client";
import { listChains } from "@/lib/db/chains";
import { listDecisionSamples } from "@/lib/db/decision-samples";
import { listModels } from "@/lib/db/models";
import { getRoute } from "@/lib/db/routes";
import { compilePolicy, type FallbackChain, type RegistryModel } from "@/lib/router";
import { parsePolicyDocument, type PolicyDocument } from "@/lib/schemas/policy";
import { runDryRun } from "./dry-run";
import type { ModelRecord } from "@/lib/schemas/console/models";
import type { DryRunReport } from "@/lib/schemas/console/routes";
import type { Capability, ProviderErrorClass, TokenizerFamily } from "@/lib/vocabulary";

/** Parses a policy document; invalid ones become `validation_failed` with paths under `document`. */
export function validatePolicyDocument(document: unknown): PolicyDocument {
  const parsed = parsePolicyDocument(document);
  if (parsed.ok) return parsed.policy;
  throw new AppError("validation_failed", "The policy document is invalid.", {
    details: parsed.issues.map((i) => ({ path: `document.${i.path}`, message: i.message })),
  });
}

function toRegistryModel(m: ModelRecord): RegistryModel {
  const tokenizer: TokenizerFamily | null =
    m.tokenizer === "o200k_base" || m.tokenizer === "cl100k_base" ? m.tokenizer : null;
  return {
    slug: m.slug,
    providerSlug: m.providerSlug,
    providerKind: m.providerKind,
    upstreamName: m.upstreamName,
    contextWindow: m.contextWindow,
    maxOutputTokens: m.maxOutputTokens,
    capabilities: m.capabilities as Capability[],
    tier: m.tier,
    declaredLatencyMs: m.declaredLatencyMs,
    tokenizer,
    enabled: m.enabled,
    inputPricePerMTok: m.inputPricePerMTok,
    outputPricePerMTok: m.outputPricePerMTok,
    cachedInputPricePerMTok: m.cachedInputPricePerMTok,
  };
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
  const [models, chains, samples] = await Promise.all([
    listModels(db),
    listChains(db),
    listDecisionSamples(db, routeSlug, limit),
  ]);
  const registry = new Map(models.map((m) => [m.slug, toRegistryModel(m)]));
  const chainMap = new Map<string, FallbackChain>(
    chains.map((c) => [
      c.slug,
      {
        slug: c.slug,
        steps: c.steps.map((s) => ({ ...s })),
        triggers: c.triggers as ProviderErrorClass[],
        deadlineMs: c.deadlineMs,
      },
    ]),
  );
  const result = runDryRun({
    samples,
    route: {
      slug: route.slug,
      baselineModelSlug: route.baselineModelSlug,
      contentInspection: route.contentInspection,
    },
    draft: compilePolicy(policy, { id: "draft", version: 0 }),
    models: registry,
    chains: chainMap,
    nowMs: Date.now(),
  });
  return { ...result, routeSlug: route.slug, activeVersion: route.activeVersion?.version ?? null };
}
