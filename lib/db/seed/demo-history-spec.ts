import { CATALOG_MODELS } from "./catalog";
import { historyStartMs } from "./history";
import type { HistoryModel, HistorySpec, HistoryTenant, HistoryVersion } from "./history-types";
import type { SeedNames } from "./names";
import { SEED_ROUTES } from "./routes";
import { buildSeedRegistry, compileSeedVersions } from "./seed-engine";
import { HOUR_MS } from "./traffic";

const DAY_MS = 24 * HOUR_MS;

/** Notable moments of the demo history, shared by the rows written and the decisions generated. */
export interface DemoTimeline {
  startMs: number;
  /** When `support` v2 (the cascade) replaced v1. */
  supportV2FromMs: number;
  /** A 90-minute burst of failures at the simulated Anthropic provider. */
  incident: { fromMs: number; toMs: number };
  /** When the near-threshold tenant (globex) crossed its soft budget threshold. */
  softFromMs: number;
}

export function planDemoTimeline(endMs: number, days: number): DemoTimeline {
  const startMs = historyStartMs({ endMs, days });
  const endHour = startMs + days * DAY_MS;
  const within = (ms: number) => Math.max(startMs, ms);
  const incidentFrom = within(endHour - 3 * DAY_MS - 10 * HOUR_MS);
  return {
    startMs,
    supportV2FromMs: within(Math.max(startMs + (days * DAY_MS) / 2, endHour - 5 * DAY_MS)),
    incident: { fromMs: incidentFrom, toMs: incidentFrom + 90 * 60_000 },
    softFromMs: within(endHour - 2 * DAY_MS),
  };
}

/** The registry as the generator sees it: simulated models under their public slugs. */
export function buildHistoryModels(names: SeedNames): Map<string, HistoryModel> {
  const models = new Map<string, HistoryModel>();
  for (const m of CATALOG_MODELS) {
    models.set(m.key, {
      slug: names.slug(m.key),
      provider: names.slug(`sim-${m.family}`),
      inputPrice: Number(m.inputPrice),
      outputPrice: Number(m.outputPrice),
      cachedInputPrice: m.cachedInputPrice === null ? null : Number(m.cachedInputPrice),
      sim: m.sim,
    });
  }
  return models;
}

export interface DemoHistoryInput {
  seed: string;
  endMs: number;
  days: number;
  decisionsPerDay: number;
  names: SeedNames;
  /** Route key → its policy versions' ids by version number. */
  versionIds: ReadonlyMap<string, ReadonlyMap<number, string>>;
  tenants: readonly HistoryTenant[];
}

/** The demo's history spec: every seed route, its versions over time, one provider incident. */
export function buildDemoHistorySpec(input: DemoHistoryInput): HistorySpec {
  const timeline = planDemoTimeline(input.endMs, input.days);
  const idOf = (route: string, version: number): string => {
    const id = input.versionIds.get(route)?.get(version);
    if (id === undefined) throw new Error(`no policy version ${version} id for route "${route}"`);
    return id;
  };
  return {
    seed: input.seed,
    endMs: input.endMs,
    days: input.days,
    decisionsPerDay: input.decisionsPerDay,
    models: buildHistoryModels(input.names),
    registry: buildSeedRegistry(input.names),
    tenants: input.tenants,
    incidents: [
      { provider: input.names.slug("sim-anthropic"), ...timeline.incident, failureRate: 0.4 },
    ],
    requestIdPrefix: `req_seed_${input.names.namespace === "" ? "" : `${input.names.namespace}_`}`,
    routes: SEED_ROUTES.map((route) => {
      const policies = compileSeedVersions(route.key, input.names, (v) => idOf(route.key, v));
      const version = (version: number, fromMs: number, plans: HistoryVersion["plans"]) => {
        const policy = policies.get(version);
        if (!policy) throw new Error(`no seed policy v${version} for route "${route.key}"`);
        return { id: idOf(route.key, version), version, fromMs, plans, policy };
      };
      const versions: HistoryVersion[] = route.previousPlans
        ? [version(1, 0, route.previousPlans), version(2, timeline.supportV2FromMs, route.plans)]
        : [version(1, 0, route.plans)];
      const slug = input.names.slug(route.key);
      return {
        slug,
        info: {
          slug,
          baselineModelSlug: input.names.slug(route.baseline),
          contentInspection: route.contentInspection,
        },
        baseline: route.baseline,
        traffic: route.traffic,
        versions,
      };
    }),
  };
}
