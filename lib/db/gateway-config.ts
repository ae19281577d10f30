/**
 * The gateway's configuration reads: the whole routing configuration (providers with decrypted
 * credentials, models, chains, routes with their active policy documents, the rollback toggle) in
 * a handful of queries, mapped to plain values. Called on start and when a revision moves, never
 * per request.
 */
import type { RouteMetric } from "@/lib/schemas/route-metrics";
import { loadAllRouteMetrics } from "./route-metrics";
import { decryptSecret } from "./crypto";
import type { PrismaClient } from "./generated/client";
import { getEncryptionKey } from "./engine/secrets";
import type { ModelTier, ProviderKind } from "@/lib/vocabulary";
import { parsePolicyDocument } from "@/lib/schemas/policy";
import { listScorerReferences } from "@/lib/schemas/policy-references";

export interface GatewayProviderRow {
  slug: string;
  kind: ProviderKind;
  baseUrl: string | null;
  /** Plaintext, in memory only; null when keyless or undecryptable (see `credentialError`). */
  apiKey: string | null;
  credentialError: boolean;
  headers: Record<string, string>;
  settings: Record<string, unknown>;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  allowPrivateNetwork: boolean;
  enabled: boolean;
}

export interface GatewayModelRow {
  id: string;
  slug: string;
  providerSlug: string;
  upstreamName: string;
  inputPricePerMTok: number;
  outputPricePerMTok: number;
  cachedInputPricePerMTok: number | null;
  contextWindow: number;
  maxOutputTokens: number;
  capabilities: string[];
  tier: ModelTier;
  declaredLatencyMs: number;
  tokenizer: string | null;
  enabled: boolean;
}

export interface GatewayChainRow {
  slug: string;
  triggers: string[];
  deadlineMs: number;
  steps: { modelSlug: string; timeoutMs: number; maxRetries: number }[];
}

export interface GatewayRouteRow {
  slug: string;
  baselineModelSlug: string | null;
  contentInspection: boolean;
  activeVersion: { id: string; version: number; document: unknown } | null;
  /** The learned scorer versions the active policy names (stored model JSON, parsed by the gateway). */
  scorers?: { id: string; version: number; model: unknown }[];
}

/** What the registry is built from (lib/db/registry.ts). */
export interface RegistryRows {
  providers: GatewayProviderRow[];
  models: GatewayModelRow[];
  chains: GatewayChainRow[];
}

export interface GatewayConfigRows extends RegistryRows {
  routes: GatewayRouteRow[];
  rollback: { enabled: boolean; routeSlug: string | null };
  /** Quality metrics declared on routes (what `POST /v1/feedback` accepts); absent: none. */
  metrics?: RouteMetric[];
}

function toRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function toHeaders(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(toRecord(value))) if (typeof v === "string") out[k] = v;
  return out;
}

/** Loads providers (credentials decrypted here, once per load), models and chains. */
export async function loadRegistryRows(
  db: PrismaClient,
  encryptionKey?: Buffer,
): Promise<RegistryRows> {
  const [providers, models, chains] = await Promise.all([
    db.provider.findMany(),
    db.model.findMany({ include: { provider: { select: { slug: true } } } }),
    db.fallbackChain.findMany({
      include: {
        steps: { orderBy: { position: "asc" }, include: { model: { select: { slug: true } } } },
      },
    }),
  ]);
  const needsKey = providers.some((p) => p.credentialCiphertext !== null);
  const key = needsKey ? (encryptionKey ?? (await getEncryptionKey())) : null;
  return {
    providers: providers.map((p) => {
      let apiKey: string | null = null;
      let credentialError = false;
      if (p.credentialCiphertext !== null && key !== null) {
        try {
          apiKey = decryptSecret(p.credentialCiphertext, key);
        } catch {
          credentialError = true;
        }
      }
      return {
        slug: p.slug,
        kind: p.kind,
        baseUrl: p.baseUrl,
        apiKey,
        credentialError,
        headers: toHeaders(p.headers),
        settings: toRecord(p.settings),
        connectTimeoutMs: p.connectTimeoutMs,
        requestTimeoutMs: p.requestTimeoutMs,
        allowPrivateNetwork: p.allowPrivateNetwork,
        enabled: p.enabled,
      };
    }),
    models: models.map((m) => ({
      id: m.id,
      slug: m.slug,
      providerSlug: m.provider.slug,
      upstreamName: m.upstreamName,
      inputPricePerMTok: m.inputPricePerMTok.toNumber(),
      outputPricePerMTok: m.outputPricePerMTok.toNumber(),
      cachedInputPricePerMTok: m.cachedInputPricePerMTok?.toNumber() ?? null,
      contextWindow: m.contextWindow,
      maxOutputTokens: m.maxOutputTokens,
      capabilities: m.capabilities,
      tier: m.tier,
      declaredLatencyMs: m.declaredLatencyMs,
      tokenizer: m.tokenizer,
      enabled: m.enabled,
    })),
    chains: chains.map((c) => ({
      slug: c.slug,
      triggers: c.triggers,
      deadlineMs: c.deadlineMs,
      steps: c.steps.map((s) => ({
        modelSlug: s.model.slug,
        timeoutMs: s.timeoutMs,
        maxRetries: s.maxRetries,
      })),
    })),
  };
}

/** Loads the routing configuration: the registry rows, routes and the rollback toggle. */
export async function loadGatewayConfig(
  db: PrismaClient,
  encryptionKey?: Buffer,
): Promise<GatewayConfigRows> {
  const [registry, routes, toggle, metrics] = await Promise.all([
    loadRegistryRows(db, encryptionKey),
    db.route.findMany({
      include: { activeVersion: { select: { id: true, version: true, document: true } } },
    }),
    db.rollbackToggle.findUnique({ where: { id: "global" } }),
    loadAllRouteMetrics(db),
  ]);
  const modelSlugById = new Map(registry.models.map((m) => [m.id, m.slug]));
  const scorers = await loadNamedScorers(db, routes);
  return {
    ...registry,
    routes: routes.map((r) => ({
      scorers: scorers.get(r.id) ?? [],
      slug: r.slug,
      baselineModelSlug: r.baselineModelId ? (modelSlugById.get(r.baselineModelId) ?? null) : null,
      contentInspection: r.contentInspection,
      activeVersion: r.activeVersion
        ? {
            id: r.activeVersion.id,
            version: r.activeVersion.version,
            document: r.activeVersion.document,
          }
        : null,
    })),
    rollback: { enabled: toggle?.enabled ?? false, routeSlug: toggle?.routeSlug ?? null },
    metrics,
  };
}

/**
 * The scorer versions active policies name, in one query: only those, so a route with many old
 * versions loads none of them. A document that does not parse names none (it will not compile).
 */
async function loadNamedScorers(
  db: PrismaClient,
  routes: readonly { id: string; activeVersion: { document: unknown } | null }[],
): Promise<Map<string, { id: string; version: number; model: unknown }[]>> {
  const wanted: { routeId: string; version: number }[] = [];
  for (const r of routes) {
    if (!r.activeVersion) continue;
    const parsed = parsePolicyDocument(r.activeVersion.document);
    if (!parsed.ok) continue;
    for (const ref of listScorerReferences(parsed.policy))
      wanted.push({ routeId: r.id, version: ref.version });
  }
  const byRoute = new Map<string, { id: string; version: number; model: unknown }[]>();
  if (wanted.length === 0) return byRoute;
  const rows = await db.scorerVersion.findMany({
    where: { OR: wanted },
    select: { id: true, routeId: true, version: true, model: true },
  });
  for (const row of rows) {
    const list = byRoute.get(row.routeId) ?? [];
    list.push({ id: row.id, version: row.version, model: row.model });
    byRoute.set(row.routeId, list);
  }
  return byRoute;
}
