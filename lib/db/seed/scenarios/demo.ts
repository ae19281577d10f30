import { currentWindowStart } from "../../budget-rows";
import type { PrismaClient } from "../../generated/client";
import { buildDemoHistorySpec, planDemoTimeline } from "../demo-history-spec";
import { formatUnits, type HistoryTenant } from "../history-types";
import { createSeedNames } from "../names";
import { SeedConflictError, type SeedOptions, type SeedResult } from "../types";
import { runBulkLoad } from "../bulk-load";
import { createDemoFeedbackCollector, writeDemoFeedback } from "../write-feedback";
import { writeHistory } from "../write-history";
import { createKeySource, createSeedApiKey, putBudget, type SeededApiKey } from "../write-people";
import { bumpAllRevisions, ensureBase, ensureTenant } from "./shared";

const DAY_MS = 86_400_000;
const DEFAULT_HISTORY_SEED = "switchboard-demo";

/** The demo tenants: traffic share and budgets (globex is placed just under its soft threshold). */
const TENANTS = [
  { key: "acme", name: "Acme Corp", weight: 0.55, daily: "150", monthly: "4000" },
  { key: "globex", name: "Globex", weight: 0.3, daily: "60", monthly: null },
  { key: "initech", name: "Initech", weight: 0.15, daily: "30", monthly: "900" },
] as const;
/** Globex's monthly spend as a fraction of its limit: just under the 0.8 soft threshold. */
const GLOBEX_FRACTION = 0.78;

/**
 * The full demo: operators, the registry with every strategy kind, three tenants with budgets
 * and keys, the rollback toggle, and 14 days of generated decisions with their rollups. Refuses to
 * run twice into one database (namespace).
 */
export async function seedDemo(db: PrismaClient, options: SeedOptions): Promise<SeedResult> {
  const names = createSeedNames(options.namespace);
  const marker = names.slug("sim-openai");
  if (await db.provider.findUnique({ where: { slug: marker }, select: { id: true } }))
    throw new SeedConflictError(
      `The "demo" scenario is already seeded here (provider "${marker}" exists). ` +
        "Seed it into an empty database, or pass another namespace.",
    );
  const now = options.now ?? new Date();
  const days = options.historyDays ?? 14;
  const perDay = options.decisionsPerDay ?? 7500;
  const timeline = planDemoTimeline(now.getTime(), days);
  const base = await ensureBase(db, options, (route, version) =>
    route === "support" && version === 2
      ? new Date(timeline.supportV2FromMs)
      : new Date(Math.min(timeline.startMs, now.getTime()) - DAY_MS),
  );
  const { log, counts, timings } = base;

  let t = performance.now();
  const keySource = createKeySource(options.seed, `demo:${names.namespace}`);
  const apiKeys: SeededApiKey[] = [];
  const tenants: (HistoryTenant & { key: string })[] = [];
  for (const spec of TENANTS) {
    const tenant = await ensureTenant(db, names.slug(spec.key), spec.name);
    const key = await createSeedApiKey(db, tenant, "Demo key", keySource);
    apiKeys.push(key);
    tenants.push({
      key: spec.key,
      id: tenant.id,
      apiKeyId: key.keyId,
      weight: spec.weight,
      softFromMs: spec.key === "globex" ? timeline.softFromMs : null,
    });
  }
  counts.tenants = tenants.length;
  counts.apiKeys = apiKeys.length;
  timings.tenantsMs = performance.now() - t;

  const dayStart = currentWindowStart("daily", now).getTime();
  const monthStart = currentWindowStart("monthly", now).getTime();
  const spend = new Map(tenants.map((x) => [x.id, { day: 0, month: 0 }]));
  if (days > 0 && perDay > 0) {
    log(
      `history: generating ${(days * perDay).toLocaleString("en-US")} decisions over ${days} days…`,
    );
    const spec = buildDemoHistorySpec({
      seed: options.seed ?? DEFAULT_HISTORY_SEED,
      endMs: now.getTime(),
      days,
      decisionsPerDay: perDay,
      names,
      versionIds: base.registry.versionIds,
      tenants,
    });
    t = performance.now();
    const feedback = createDemoFeedbackCollector();
    const { value: written, rebuiltIndexes } = await runBulkLoad(db, (tx) =>
      writeHistory(tx, spec, {
        batchSize: options.batchSize,
        minuteFromMs: timeline.startMs + days * DAY_MS - DAY_MS,
        onDecision: (d) => {
          feedback.add(d);
          const s = spend.get(d.tenantId);
          if (!s) return;
          if (d.createdAt >= monthStart) s.month += d.costUnits;
          if (d.createdAt >= dayStart) s.day += d.costUnits;
        },
      }),
    );
    counts.rebuiltIndexes = rebuiltIndexes;
    timings.historyMs = performance.now() - t;
    t = performance.now();
    counts.feedback = await writeDemoFeedback(
      db,
      [...base.registry.versionIds.keys()].map(names.slug),
      feedback.items,
    );
    timings.feedbackMs = performance.now() - t;
    Object.assign(timings, written.timings);
    counts.decisions = written.decisions;
    counts.attempts = written.attempts;
    counts.rollups = written.rollups;
    log(
      `history: ${written.decisions} decisions, ${written.attempts} attempts, ${written.rollups} rollups ` +
        `in ${(timings.historyMs / 1000).toFixed(1)} s`,
    );
  }

  for (const tenant of tenants) {
    const spec = TENANTS.find((x) => x.key === tenant.key);
    const s = spend.get(tenant.id) ?? { day: 0, month: 0 };
    if (!spec) continue;
    // Globex's monthly limit is placed so its spend sits just under the soft threshold; early in
    // a month (little spend) the story is kept with a nominal spend instead.
    const monthly =
      spec.monthly ?? Math.max(50, Math.ceil(s.month / 1e8 / GLOBEX_FRACTION)).toFixed(2);
    const monthSpent =
      spec.monthly === null && s.month / 1e8 < 39
        ? (Number(monthly) * GLOBEX_FRACTION).toFixed(2)
        : formatUnits(s.month);
    await putBudget(db, tenant.id, {
      period: "daily",
      limitUsd: spec.daily,
      spentUsd: formatUnits(s.day),
      windowStart: new Date(dayStart),
    });
    await putBudget(db, tenant.id, {
      period: "monthly",
      limitUsd: monthly,
      spentUsd: monthSpent,
      windowStart: new Date(monthStart),
    });
  }
  counts.budgets = tenants.length * 2;

  await db.rollbackToggle.upsert({
    where: { id: "global" },
    create: { id: "global", enabled: false, routeSlug: names.slug("auto"), reason: "" },
    update: {},
    select: { id: true },
  });
  await bumpAllRevisions(db);
  return {
    scenario: "demo",
    namespace: names.namespace,
    operators: base.operators,
    apiKeys,
    counts,
    timings,
    notes: [
      `${tenants.length} demo tenants (${tenants.map((x) => names.slug(x.key)).join(", ")}); globex sits just under its soft budget threshold`,
      `routes: ${[...base.registry.versionIds.keys()].map(names.slug).join(", ")} (support has versions 1 and 2)`,
      "models are served by the simulator; the OpenAI and Anthropic providers are present but disabled",
    ],
  };
}
