/**
 * The route part of the snapshot: a route with its compiled policy, and the rollback toggle. Kept
 * apart from types.ts because it needs the compiled policy, which itself needs the base types.
 */
import type { CompiledPolicy } from "./compiled-types";
import type { DifficultyScorer, RegistrySnapshot } from "./types";

/** The route clients named in `model`. */
export interface RouteInfo {
  slug: string;
  /** Model whose price is the single-model baseline for savings. */
  baselineModelSlug: string | null;
  /** Rules may read prompt content only when this is on. */
  contentInspection: boolean;
}

/** A route with its compiled active policy version. */
export interface RouteSnapshot {
  route: RouteInfo;
  /** `null` when the route has no active version: every request is rejected. */
  policy: CompiledPolicy | null;
  /** The route's learned scorer versions its policy names, by version number. */
  scorers?: ReadonlyMap<number, DifficultyScorer>;
}

/**
 * The global rollback toggle. When enabled, the gateway puts the known-good route (and its
 * compiled policy) in `target`; the engine then decides with it instead of the requested route.
 */
export interface RollbackToggle {
  enabled: boolean;
  routeSlug: string | null;
  target: RouteSnapshot | null;
}

/** Everything the engine reads to decide one route request. Immutable; cache per version. */
export interface RoutingSnapshot extends RegistrySnapshot {
  route: RouteSnapshot;
  rollback: RollbackToggle;
}
