/**
 * Builders for tests, benches and the explain endpoint's examples: snapshots from the example
 * registry and a seeded deterministic context. Not used on the request path.
 */
import type { ChatCompletionRequest } from "@/lib/schemas/openai-chat";
import type { PolicyDocumentInput } from "@/lib/schemas/policy";
import {
  type ClientMetadataInput,
  compilePolicy,
  extractFeatures,
  type ModelHealth,
  type RegistryModel,
  type RequestFeatures,
  type RouteInfo,
  type RoutingContext,
  type RoutingSnapshot,
  type TenantSnapshot,
} from "@/lib/router";
import { randomFn } from "@/lib/random";
import { exampleChains, exampleModels } from "./examples/registry";

/** The seeded random source of lib/random.ts as `() => number` in [0, 1). */
export const createSeededRandom = (seed: number): (() => number) => randomFn(seed);

/** A context with a fixed clock (default Wed 2026-01-14 12:00 UTC) and a seeded random source. */
export function createTestContext(seed = 1, nowMs = Date.UTC(2026, 0, 14, 12)): RoutingContext {
  return { now: () => nowMs, random: createSeededRandom(seed) };
}

/** Options for `buildTestSnapshot`. */
export interface TestSnapshotOptions {
  policy: PolicyDocumentInput;
  route?: Partial<RouteInfo>;
  models?: readonly RegistryModel[];
  tenant?: Partial<TenantSnapshot>;
  health?: Record<string, Partial<ModelHealth>>;
  rollback?: { routeSlug: string; policy: PolicyDocumentInput } | null;
}

/** Compiles the policy and assembles a full snapshot around the example registry. */
export function buildTestSnapshot(options: TestSnapshotOptions): RoutingSnapshot {
  const models = options.models ?? exampleModels;
  const health = new Map<string, ModelHealth>();
  for (const [slug, partial] of Object.entries(options.health ?? {})) {
    health.set(slug, {
      breaker: "closed",
      p50LatencyMs: null,
      p95LatencyMs: null,
      errorRate: 0,
      ...partial,
    });
  }
  const rollback = options.rollback ?? null;
  return {
    route: {
      route: {
        slug: "test",
        baselineModelSlug: "gpt-4o",
        contentInspection: false,
        ...options.route,
      },
      policy: compilePolicy(options.policy, { id: "pv-1", version: 1 }),
    },
    models: new Map(models.map((model) => [model.slug, model])),
    chains: new Map(exampleChains.map((chain) => [chain.slug, chain])),
    tenant: {
      id: "tenant-1",
      modelAllowlist: [],
      budget: { state: "ok", fractionSpent: 0.1 },
      ...options.tenant,
    },
    health,
    rollback: rollback
      ? {
          enabled: true,
          routeSlug: rollback.routeSlug,
          target: {
            route: { slug: rollback.routeSlug, baselineModelSlug: null, contentInspection: false },
            policy: compilePolicy(rollback.policy, { id: "pv-rollback", version: 7 }),
          },
        }
      : { enabled: false, routeSlug: null, target: null },
  };
}

/** Features of a one-message request. */
export function buildTestFeatures(
  text = "Hello there",
  body: Partial<ChatCompletionRequest> = {},
  metadata: ClientMetadataInput = {},
): RequestFeatures {
  return extractFeatures(
    { model: "test", messages: [{ role: "user", content: text }], ...body },
    metadata,
  );
}
