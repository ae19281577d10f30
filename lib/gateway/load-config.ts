/**
 * Maps the configuration rows to the values the engine and the executor read: registry entries,
 * chains, routes with their compiled policies (compiled once per policy version id and reused
 * across reloads), provider configs with in-memory credentials, and the rollback toggle.
 */
import type { GatewayConfigRows, GatewayProviderRow } from "@/lib/db/gateway-config";
import type { ProviderConfig } from "@/lib/providers/types";
import {
  type CompiledPolicy,
  compilePolicy,
  type FallbackChain,
  type RegistryModel,
  type RouteSnapshot,
} from "@/lib/router";
import {
  CAPABILITIES,
  isMember,
  PROVIDER_ERROR_CLASSES,
  TOKENIZER_FAMILIES,
  type ProviderErrorClass,
  type TokenizerFamily,
} from "@/lib/vocabulary";

/** One loaded configuration generation. Immutable once built. */
export interface GatewayConfig {
  models: ReadonlyMap<string, RegistryModel>;
  chains: ReadonlyMap<string, FallbackChain>;
  routes: ReadonlyMap<string, RouteSnapshot>;
  providers: ReadonlyMap<string, ProviderConfig & { enabled: boolean; credentialError: boolean }>;
  rollback: { enabled: boolean; routeSlug: string | null };
  /** Routes whose active policy failed to compile, with the reason (for logs and explain). */
  brokenRoutes: ReadonlyMap<string, string>;
  loadedAt: number;
}

/** Compiled policies by version id; versions are immutable so entries never go stale. */
export type PolicyCompileCache = Map<string, CompiledPolicy>;

function toTokenizer(value: string | null): TokenizerFamily | null {
  return isMember(TOKENIZER_FAMILIES, value) ? value : null;
}

function toErrorClasses(values: readonly string[]): ProviderErrorClass[] {
  return values.filter((v) => isMember(PROVIDER_ERROR_CLASSES, v));
}

function toProviderConfig(p: GatewayProviderRow): ProviderConfig & {
  enabled: boolean;
  credentialError: boolean;
} {
  return {
    kind: p.kind,
    baseUrl: p.baseUrl,
    apiKey: p.apiKey,
    headers: p.headers,
    connectTimeoutMs: p.connectTimeoutMs,
    requestTimeoutMs: p.requestTimeoutMs,
    allowPrivateNetwork: p.allowPrivateNetwork,
    settings: p.settings,
    enabled: p.enabled,
    credentialError: p.credentialError,
  };
}

/** Builds a configuration generation; policies compile only when their version is new. */
export function buildGatewayConfig(
  rows: GatewayConfigRows,
  compiled: PolicyCompileCache,
  now: number,
): GatewayConfig {
  const providers = new Map(rows.providers.map((p) => [p.slug, toProviderConfig(p)]));
  const models = new Map<string, RegistryModel>();
  for (const m of rows.models) {
    const provider = providers.get(m.providerSlug);
    if (!provider) continue;
    models.set(m.slug, {
      slug: m.slug,
      providerSlug: m.providerSlug,
      providerKind: provider.kind,
      upstreamName: m.upstreamName,
      inputPricePerMTok: m.inputPricePerMTok,
      outputPricePerMTok: m.outputPricePerMTok,
      cachedInputPricePerMTok: m.cachedInputPricePerMTok,
      contextWindow: m.contextWindow,
      maxOutputTokens: m.maxOutputTokens,
      capabilities: m.capabilities.filter((c) => isMember(CAPABILITIES, c)),
      tier: m.tier,
      declaredLatencyMs: m.declaredLatencyMs,
      tokenizer: toTokenizer(m.tokenizer),
      // A disabled provider disables its models: the engine's filter then drops them.
      enabled: m.enabled && provider.enabled && !provider.credentialError,
    });
  }
  const chains = new Map<string, FallbackChain>(
    rows.chains.map((c) => [
      c.slug,
      {
        slug: c.slug,
        steps: c.steps,
        triggers: toErrorClasses(c.triggers),
        deadlineMs: c.deadlineMs,
      },
    ]),
  );
  const routes = new Map<string, RouteSnapshot>();
  const brokenRoutes = new Map<string, string>();
  const live = new Set<string>();
  for (const r of rows.routes) {
    let policy: CompiledPolicy | null = null;
    const version = r.activeVersion;
    if (version) {
      live.add(version.id);
      policy = compiled.get(version.id) ?? null;
      if (!policy) {
        try {
          policy = compilePolicy(version.document, { id: version.id, version: version.version });
          compiled.set(version.id, policy);
        } catch (error) {
          brokenRoutes.set(r.slug, error instanceof Error ? error.message : "invalid policy");
        }
      }
    }
    routes.set(r.slug, {
      route: {
        slug: r.slug,
        baselineModelSlug: r.baselineModelSlug,
        contentInspection: r.contentInspection,
      },
      policy,
    });
  }
  // Forget versions no route points at any more (reverts recompile them: rare and cheap).
  for (const id of compiled.keys()) if (!live.has(id)) compiled.delete(id);
  return {
    models,
    chains,
    routes,
    providers,
    rollback: rows.rollback,
    brokenRoutes,
    loadedAt: now,
  };
}
