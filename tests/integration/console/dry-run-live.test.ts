/**
 * Issue 15: live decisions replay to themselves. Requests through the gateway (a split without
 * end users, a score band, a model whose breaker is open) are logged with their replay inputs;
 * dry-running each route's unchanged policy on them reports no change.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDryRun } from "@/lib/console/dry-run";
import { listDecisionSamples } from "@/lib/db/decision-samples";
import { loadRegistry } from "@/lib/db/registry";
import { compilePolicy } from "@/lib/router";
import type { PolicyDocumentInput } from "@/lib/schemas/policy";
import { closeTestDb, getTestDb } from "@/tests/support/db";
import { chatBody, postJson, startHarness, type Harness } from "../gateway/harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness(await getTestDb(), {
    models: [
      { name: "s", tier: "small", input: 0.1, output: 0.4 },
      { name: "m", tier: "medium", input: 1, output: 4 },
      { name: "l", tier: "large", input: 3, output: 12 },
    ],
    services: { breakers: { consecutiveFailures: 1, cooldownMs: 600_000 } },
  });
});

afterAll(async () => {
  await h?.close();
  await closeTestDb();
});

describe("dry run of live traffic", () => {
  it("reports no change for the unchanged policy of each route", async () => {
    const policies: Record<string, PolicyDocumentInput> = {
      split: {
        schemaVersion: 1,
        rules: [],
        default: {
          strategy: "weighted",
          variants: [
            { model: h.model("s"), weight: 50 },
            { model: h.model("m"), weight: 50 },
          ],
        },
      },
      band: {
        schemaVersion: 1,
        rules: [],
        default: {
          strategy: "score_band",
          bands: [
            { upTo: 0.3, tier: "small" },
            { upTo: 1, tier: "medium" },
          ],
        },
      },
      breaker: {
        schemaVersion: 1,
        rules: [],
        default: { strategy: "single", model: h.model("l"), fallbacks: [h.model("m")] },
      },
    };
    for (const [name, policy] of Object.entries(policies)) await h.createRoute(name, policy);
    // The large model's breaker is open for the whole run.
    h.services.breakers.recordFailure(h.model("l"), "server_error");
    for (let i = 0; i < 24; i++) {
      for (const name of Object.keys(policies)) {
        const content = i % 2 === 0 ? "Hi." : "Explain this. ".repeat(400 * (i % 5));
        const res = await postJson(h, "node", "/v1/chat/completions", {
          ...chatBody(h.route(name)),
          messages: [{ role: "user", content }],
        });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
    }
    await h.writer.flush();
    const registry = await loadRegistry(h.db);
    const own = <T>(map: ReadonlyMap<string, T>) =>
      new Map([...map].filter(([slug]) => slug.endsWith(`-${h.suffix}`)));
    const results = [];
    for (const [name, policy] of Object.entries(policies)) {
      const slug = h.route(name);
      const result = runDryRun({
        samples: await listDecisionSamples(h.db, slug, 100),
        route: { slug, baselineModelSlug: null, contentInspection: false },
        draft: compilePolicy(policy, { id: "draft", version: 0 }),
        models: own(registry.models),
        chains: own(registry.chains),
      });
      expect(result.replayed, name).toBe(24);
      results.push({ name, changed: result.changedModel, rejected: result.newlyRejected });
    }
    expect(results.filter((r) => r.changed + r.rejected > 0)).toEqual([]);
  });
});
