import { CONFIG_AREAS, bumpConfigRevision } from "../../config-revision";
import type { PrismaClient } from "../../generated/client";
import { createSeedNames, type SeedNames } from "../names";
import type { SeedOptions } from "../types";
import { ensureRegistry, type SeededRegistry } from "../write-registry";
import { ensureOperators, type SeededLogin } from "../write-people";

const DAY_MS = 86_400_000;

export interface BaseState {
  names: SeedNames;
  now: Date;
  log: (line: string) => void;
  operators: SeededLogin[];
  adminId: string;
  registry: SeededRegistry;
  counts: Record<string, number>;
  timings: Record<string, number>;
}

/**
 * What every scenario stands on: the operators and the registry (providers, models, chains,
 * routes with published policies), created where missing. The overlay scenarios
 * (`budget-exhausted`, `provider-outage`) work on an empty database and on top of `demo`.
 */
export async function ensureBase(
  db: PrismaClient,
  options: SeedOptions,
  publishedAt?: (routeKey: string, version: number) => Date,
): Promise<BaseState> {
  const names = createSeedNames(options.namespace);
  const now = options.now ?? new Date();
  const log = options.log ?? (() => {});
  const timings: Record<string, number> = {};
  let t = performance.now();
  const people = await ensureOperators(db, names);
  timings.operatorsMs = performance.now() - t;
  t = performance.now();
  const registry = await ensureRegistry(db, names, {
    authorId: people.adminId,
    publishedAt:
      publishedAt ?? ((_route, version) => new Date(now.getTime() - (3 - version) * DAY_MS)),
  });
  timings.registryMs = performance.now() - t;
  const counts = { operators: people.created, ...registry.created };
  log(
    `registry: ${registry.created.providers} providers, ${registry.created.models} models, ` +
      `${registry.created.chains} chains, ${registry.created.routes} routes created`,
  );
  return {
    names,
    now,
    log,
    operators: people.logins,
    adminId: people.adminId,
    registry,
    counts,
    timings,
  };
}

/** Tells running gateway instances to reload everything (they poll the revisions). */
export async function bumpAllRevisions(db: PrismaClient): Promise<void> {
  for (const area of CONFIG_AREAS) await bumpConfigRevision(db, area);
}

/** Creates or finds a demo tenant by slug. */
export async function ensureTenant(
  db: PrismaClient,
  slug: string,
  name: string,
): Promise<{ id: string; slug: string; created: boolean }> {
  const existing = await db.tenant.findUnique({
    where: { slug },
    select: { id: true, slug: true },
  });
  if (existing) return { ...existing, created: false };
  const row = await db.tenant.create({
    data: { slug, name, isDemo: true },
    select: { id: true, slug: true },
  });
  return { ...row, created: true };
}

/** Revokes a tenant's earlier keys of this name, so re-running an overlay leaves one live key. */
export async function revokeSeedKeys(
  db: PrismaClient,
  tenantId: string,
  name: string,
  at: Date,
): Promise<void> {
  await db.apiKey.updateMany({
    where: { tenantId, name, revokedAt: null },
    data: { revokedAt: at },
  });
}
