/**
 * Issue 15: a dry run of the unchanged active policy tells the truth. The demo seed decides every
 * historic request with the real engine and records what it read, so replaying a route's logged
 * decisions with its own active policy changes nothing (on Postgres and on PGlite).
 */
import { afterAll, describe, expect, it } from "vitest";
import { runDryRun } from "@/lib/console/dry-run";
import { listDecisionSamples } from "@/lib/db/decision-samples";
import { loadRegistry } from "@/lib/db/registry";
import { getRoute } from "@/lib/db/routes";
import { seedScenario } from "@/lib/db/seed";
import { compilePolicy } from "@/lib/router";
import { closeTestDb, getTestDb, uniqueSuffix } from "@/tests/support/db";

afterAll(closeTestDb);

describe("dry run of the demo routes' active policies", () => {
  it("reports no change on the seeded history of every route", async () => {
    const db = await getTestDb();
    const namespace = `d${uniqueSuffix()}`.slice(0, 20);
    const now = new Date(Date.UTC(2026, 10, 18, 9, 41));
    await seedScenario(db, "demo", { historyDays: 3, decisionsPerDay: 1500, now, namespace });
    const registry = await loadRegistry(db);
    // Other tests' namespaces share the database: route over this seed's registry only.
    const own = <T>(map: ReadonlyMap<string, T>) =>
      new Map([...map].filter(([slug]) => slug.startsWith(`${namespace}-`)));
    const routes = await db.route.findMany({
      where: { slug: { startsWith: `${namespace}-` } },
      select: { slug: true },
    });
    expect(routes).toHaveLength(9);
    const results = [];
    for (const { slug } of routes) {
      const route = await getRoute(db, slug);
      const active = route.activeVersion;
      if (!active) throw new Error(`${slug} has no active version`);
      const result = runDryRun({
        // The last day: all of it decided by the active versions (support's v2 began earlier).
        samples: await listDecisionSamples(db, slug, 300),
        route: {
          slug,
          baselineModelSlug: route.baselineModelSlug,
          contentInspection: route.contentInspection,
        },
        draft: compilePolicy(route.document, { id: "draft", version: 0 }),
        models: own(registry.models),
        chains: own(registry.chains),
      });
      expect(result.replayed, slug).toBeGreaterThan(50);
      results.push({
        slug: slug.slice(namespace.length + 1),
        changed: result.changedModel,
        rejected: result.newlyRejected,
        costDelta: Math.round((result.costAfterUsd - result.costBeforeUsd) * 1e8),
      });
    }
    expect(results.filter((r) => r.changed + r.rejected + Math.abs(r.costDelta) > 0)).toEqual([]);
  });
});
