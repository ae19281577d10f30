/**
 * Maps the configuration rows to the values the engine and the executor read: registry entries,
 * chains, routes with their compiled policies (compiled once per policy version id and reused
 * across reloads), provider configs with in-memory credentials, and the rollback toggle.
 */
import type { GatewayConfigRows } from "@/lib/db/gateway-config";
import type { RouteMetric } from "@/lib/schemas/route-metrics";
import { buildRegistry, type RegistryProvider } from "@/lib/db/registry";
import { LearnedScorerModelSchema, createLearnedScorer } from "@/lib/scoring";
import {
  type CompiledPolicy,
  compilePolicy,
  type DifficultyScorer,
  type FallbackChain,
  type RegistryModel,
  type RouteSnapshot,
} from "@/lib/router";

/** One loaded configuration generation. Immutable once built. */
export interface GatewayConfig {
  models: ReadonlyMap<string, RegistryModel>;
  chains: ReadonlyMap<string, FallbackChain>;
  routes: ReadonlyMap<string, RouteSnapshot>;
  providers: ReadonlyMap<string, RegistryProvider>;
  rollback: { enabled: boolean; routeSlug: string | null };
  /** Routes whose active policy failed to compile, with the reason (for logs and explain). */
  brokenRoutes: ReadonlyMap<string, string>;
  /** Declared quality metrics by route slug, then by metric name (`POST /v1/feedback`). */
  metrics: ReadonlyMap<string, ReadonlyMap<string, RouteMetric>>;
  loadedAt: number;
}

/** Compiled policies by version id; versions are immutable so entries never go stale. */
export type PolicyCompileCache = Map<string, CompiledPolicy>;

/** Learned scorers by scorer version id: built once per version (immutable, like policies). */
export type ScorerCache = Map<string, DifficultyScorer>;

/** Builds a configuration generation; policies compile only when their version is new. */
export function buildGatewayConfig(
  rows: GatewayConfigRows,
  compiled: PolicyCompileCache,
  now: number,
  scorerCache: ScorerCache = new Map(),
): GatewayConfig {
  const { models, chains, providers } = buildRegistry(rows);
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
      scorers: buildScorers(r.scorers ?? [], scorerCache, live),
    });
  }
  // Forget versions no route points at any more (reverts recompile them: rare and cheap).
  for (const id of compiled.keys()) if (!live.has(id)) compiled.delete(id);
  const metrics = new Map<string, Map<string, RouteMetric>>();
  for (const m of rows.metrics ?? []) {
    const byName = metrics.get(m.routeSlug) ?? new Map<string, RouteMetric>();
    byName.set(m.name, m);
    metrics.set(m.routeSlug, byName);
  }
  for (const id of scorerCache.keys()) if (!live.has(id)) scorerCache.delete(id);
  return {
    models,
    chains,
    routes,
    providers,
    rollback: rows.rollback,
    brokenRoutes,
    metrics,
    loadedAt: now,
  };
}

/**
 * A route's named scorer versions as scorers. A stored model that no longer parses is left out:
 * the engine then uses the heuristic and the decision trace says the version was not loaded.
 */
function buildScorers(
  rows: readonly { id: string; version: number; model: unknown }[],
  cache: ScorerCache,
  live: Set<string>,
): ReadonlyMap<number, DifficultyScorer> | undefined {
  if (rows.length === 0) return undefined;
  const scorers = new Map<number, DifficultyScorer>();
  for (const row of rows) {
    let scorer = cache.get(row.id);
    if (!scorer) {
      const parsed = LearnedScorerModelSchema.safeParse(row.model);
      if (!parsed.success) continue;
      scorer = createLearnedScorer(parsed.data);
      cache.set(row.id, scorer);
    }
    live.add(row.id);
    scorers.set(row.version, scorer);
  }
  return scorers;
}
