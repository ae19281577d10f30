import { afterAll, describe, expect, it } from "vitest";
import { FeaturesSummarySchema } from "@/lib/decision-log/features-summary";
import { hashApiKey } from "@/lib/keys";
import { parsePolicyDocument } from "@/lib/schemas/policy";
import { isDatabaseSeeded, SeedConflictError, seedScenario } from "@/lib/db/seed";
import { closeTestDb, getTestDb, uniqueSuffix } from "@/tests/support/db";

afterAll(closeTestDb);
const getDb = getTestDb;
const NOW = new Date(Date.UTC(2026, 10, 18, 9, 41));
const SMALL = { historyDays: 1, decisionsPerDay: 500, now: NOW };

const ns = () => `t${uniqueSuffix()}`.slice(0, 20);

describe("seed scenarios", () => {
  it("demo: registry, routes, tenants, keys, operators, history and rollups", async () => {
    const db = await getDb();
    const namespace = ns();
    const slug = (key: string) => `${namespace}-${key}`;
    const result = await seedScenario(db, "demo", { ...SMALL, namespace });
    expect(await isDatabaseSeeded(db)).toBe(true);

    const providers = await db.provider.findMany({
      where: { slug: { startsWith: `${namespace}-` } },
    });
    const byKey = new Map(providers.map((p) => [p.slug.slice(namespace.length + 1), p]));
    expect(byKey.get("sim-openai")).toMatchObject({ kind: "simulator", enabled: true });
    expect(byKey.get("openai")).toMatchObject({
      kind: "openai_compatible",
      enabled: false,
      baseUrl: "https://api.openai.com/v1",
      credentialCiphertext: null,
    });
    expect(byKey.get("anthropic")).toMatchObject({
      kind: "anthropic",
      enabled: false,
      baseUrl: "https://api.anthropic.com",
    });

    const mini = await db.model.findUniqueOrThrow({
      where: { slug: slug("gpt-4o-mini") },
      include: { provider: true },
    });
    expect(mini.provider.kind).toBe("simulator");
    expect(mini.inputPricePerMTok.toString()).toBe("0.15");
    expect(mini.outputPricePerMTok.toString()).toBe("0.6");
    expect(mini.contextWindow).toBe(128_000);
    const twin = await db.model.findUniqueOrThrow({ where: { slug: slug("openai/gpt-4o-mini") } });
    expect(twin.enabled).toBe(false);
    expect(
      await db.model.count({ where: { slug: { startsWith: `${namespace}-` }, enabled: true } }),
    ).toBeGreaterThanOrEqual(8);

    const routes = await db.route.findMany({
      where: { slug: { startsWith: `${namespace}-` } },
      include: { activeVersion: true, versions: true },
    });
    expect(routes).toHaveLength(9);
    for (const route of routes) {
      expect(route.baselineModelId).not.toBeNull();
      expect(route.activeVersion?.publishedAt).not.toBeNull();
      expect(parsePolicyDocument(route.activeVersion?.document).ok).toBe(true);
    }
    const support = routes.find((r) => r.slug === slug("support"));
    expect(support?.versions.map((v) => v.version).sort()).toEqual([1, 2]);
    expect(support?.activeVersion?.version).toBe(2);
    const chain = await db.fallbackChain.findUniqueOrThrow({
      where: { slug: slug("frontier-multi") },
      include: { steps: { include: { model: { include: { provider: true } } } } },
    });
    expect(new Set(chain.steps.map((s) => s.model.provider.slug)).size).toBeGreaterThan(1);

    expect(result.apiKeys).toHaveLength(3);
    for (const key of result.apiKeys) {
      expect(key.key).toMatch(/^sk-sb-[0-9A-Za-z]{40}$/);
      const row = await db.apiKey.findUniqueOrThrow({
        where: { hash: hashApiKey(key.key) },
        include: { tenant: true },
      });
      expect(row.prefix).toBe(key.key.slice(0, 10));
      expect(row.scopes).toEqual(["chat", "models", "explain"]);
      expect(row.tenant.isDemo).toBe(true);
      expect(await db.budget.count({ where: { tenantId: row.tenantId } })).toBe(2);
    }
    expect(result.operators.map((o) => o.role).sort()).toEqual(["admin", "editor", "viewer"]);
    expect(result.operators[0]?.email).toBe(`admin+${namespace}@switchboard.local`);

    const routeSlugs = routes.map((r) => r.slug);
    const decisions = await db.decision.aggregate({
      where: { routeSlug: { in: routeSlugs } },
      _count: true,
      _sum: { costUsd: true, inputTokens: true },
    });
    expect(decisions._count).toBe(500);
    expect(
      await db.decisionAttempt.count({ where: { decision: { routeSlug: { in: routeSlugs } } } }),
    ).toBeGreaterThanOrEqual(500);
    const hourly = await db.decisionRollup.aggregate({
      where: { granularity: "hour", routeSlug: { in: routeSlugs } },
      _sum: { requests: true, costUsd: true, inputTokens: true },
    });
    expect(hourly._sum.requests).toBe(500);
    expect(hourly._sum.costUsd?.toString()).toBe(decisions._sum.costUsd?.toString());
    expect(Number(hourly._sum.inputTokens)).toBe(decisions._sum.inputTokens);
    const minute = await db.decisionRollup.aggregate({
      where: { granularity: "minute", routeSlug: { in: routeSlugs } },
      _sum: { requests: true },
    });
    expect(minute._sum.requests).toBe(500);
    const sample = await db.decision.findFirstOrThrow({
      where: { routeSlug: { in: routeSlugs } },
      include: { attempts: true },
    });
    expect(sample.isDemo).toBe(true);
    expect(sample.trace).toMatchObject({ requestedRoute: sample.routeSlug });
    expect(sample.features).toMatchObject({ metadata: { endUserId: sample.endUserId } });
    // The SQL-assembled features are the gateway's contract (lib/decision-log/features-summary.ts).
    const rows = await db.decision.findMany({
      where: { routeSlug: { in: routeSlugs } },
      select: { features: true },
    });
    expect(rows.filter((r) => !FeaturesSummarySchema.safeParse(r.features).success)).toEqual([]);
    // Demo outcomes: declared metrics, feedback on some decisions, rollups that sum to it, and
    // cascade stages with the gateway's gate results (name, outcome, value, threshold).
    const feedback = await db.feedback.count({ where: { routeSlug: { in: routeSlugs } } });
    expect(feedback).toBeGreaterThan(0);
    const quality = await db.qualityRollup.aggregate({
      where: { routeSlug: { in: routeSlugs } },
      _sum: { count: true },
    });
    expect(quality._sum.count).toBe(feedback);
    expect(await db.routeMetric.count({ where: { route: { slug: { in: routeSlugs } } } })).toBe(
      routeSlugs.length * 2,
    );
    const cascade = await db.decision.findFirst({
      where: { routeSlug: { in: routeSlugs }, strategy: "cascade" },
      select: { gateResults: true },
    });
    if (cascade)
      expect(cascade.gateResults).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            passed: expect.any(Boolean),
            results: expect.arrayContaining([
              expect.objectContaining({ gate: "min_length", threshold: "≥ 20" }),
            ]),
          }),
        ]),
      );

    await expect(seedScenario(db, "demo", { ...SMALL, namespace })).rejects.toBeInstanceOf(
      SeedConflictError,
    );
  });

  it("budget-exhausted: a tenant at its hard limit, idempotent", async () => {
    const db = await getDb();
    const namespace = ns();
    const first = await seedScenario(db, "budget-exhausted", { namespace, now: NOW });
    const again = await seedScenario(db, "budget-exhausted", { namespace, now: NOW });
    const tenant = await db.tenant.findUniqueOrThrow({
      where: { slug: `${namespace}-umbrella` },
      include: { budgets: true, apiKeys: true },
    });
    const daily = tenant.budgets.find((b) => b.period === "daily");
    expect(daily?.hardLimit).toBe(true);
    expect(Number(daily?.spentUsd)).toBeGreaterThanOrEqual(Number(daily?.limitUsd));
    expect(tenant.apiKeys.filter((k) => k.revokedAt === null).map((k) => k.hash)).toEqual([
      hashApiKey(again.apiKeys[0]?.key ?? ""),
    ]);
    expect(first.apiKeys[0]?.key).not.toBe(again.apiKeys[0]?.key);
  });

  it("provider-outage: the simulated Anthropic provider fails every call", async () => {
    const db = await getDb();
    const namespace = ns();
    const result = await seedScenario(db, "provider-outage", {
      namespace,
      now: NOW,
      seed: "fixed",
    });
    const provider = await db.provider.findUniqueOrThrow({
      where: { slug: `${namespace}-sim-anthropic` },
    });
    const settings = provider.settings as {
      errorRate?: number;
      models?: Record<string, { errorRate?: number }>;
    };
    expect(settings.errorRate).toBe(1);
    for (const model of Object.values(settings.models ?? {})) expect(model.errorRate).toBe(1);
    const healthy = await db.provider.findUniqueOrThrow({
      where: { slug: `${namespace}-sim-openai` },
    });
    expect((healthy.settings as { errorRate?: number }).errorRate).toBeUndefined();
    // A seed makes keys reproducible; a re-run revives the same key.
    const again = await seedScenario(db, "provider-outage", { namespace, now: NOW, seed: "fixed" });
    expect(again.apiKeys[0]?.key).toBe(result.apiKeys[0]?.key);
    const key = await db.apiKey.findUniqueOrThrow({
      where: { hash: hashApiKey(again.apiKeys[0]?.key ?? "") },
    });
    expect(key.revokedAt).toBeNull();
  });

  it("rejects unknown scenarios", async () => {
    const db = await getDb();
    await expect(seedScenario(db, "nope")).rejects.toThrow(/Unknown seed scenario "nope"/);
  });
});
