// Control-plane effects on the request path: budget refusal (429), key revocation within the
// cache TTL, and the rollback toggle reaching the instance within a second.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bumpConfigRevision } from "@/lib/db/config-revision";
import { hashApiKey } from "@/lib/keys";
import { closeTestDb, getTestDb } from "@/tests/support/db";
import {
  chatBody,
  postJson,
  readDecision,
  startHarness,
  TRANSPORTS,
  type Harness,
} from "./harness";

afterAll(closeTestDb);
const getDb = getTestDb;
let h: Harness;

beforeAll(async () => {
  h = await startHarness(await getDb(), { models: [{ name: "main" }, { name: "safe" }] });
  await h.createRoute("main", {
    schemaVersion: 1,
    rules: [],
    default: { strategy: "single", model: h.model("main") },
  });
  await h.createRoute("safe", {
    schemaVersion: 1,
    rules: [],
    default: { strategy: "single", model: h.model("safe") },
  });
});
afterAll(async () => {
  await h?.db.rollbackToggle.upsert({
    where: { id: "global" },
    create: { id: "global", enabled: false },
    update: { enabled: false, routeSlug: null },
  });
  await h?.close();
});

/** A tenant with a hard daily budget of `limitUsd`, and an API key of its own. */
async function tenantWithBudget(slug: string, limitUsd: string) {
  const tenant = await h.db.tenant.create({
    data: { slug: `${slug}-${h.suffix}`, name: slug, modelAllowlist: [] },
  });
  await h.db.budget.create({
    data: {
      tenantId: tenant.id,
      period: "daily",
      limitUsd,
      hardLimit: true,
      windowStart: new Date(),
    },
  });
  const { key } = await h.createKey();
  await h.db.apiKey.updateMany({
    where: { hash: hashApiKey(key) },
    data: { tenantId: tenant.id },
  });
  return { tenant, key };
}

describe.each(TRANSPORTS)("control over %s", (transport) => {
  it("refuses with 429 budget_exceeded when the worst case does not fit the budget", async () => {
    const { tenant, key } = await tenantWithBudget(`poor-${transport}`, "0.000001");
    const id = `budget-${transport}-${h.suffix}`;
    const res = await postJson(h, transport, "/v1/chat/completions", chatBody(h.route("main")), {
      authorization: `Bearer ${key}`,
      "x-request-id": id,
    });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("budget_exceeded");
    const decision = await readDecision(h, id);
    expect(decision?.status).toBe("rejected");
    expect(decision?.errorClass).toBe("budget_exceeded");
    expect(decision?.tenantId).toBe(tenant.id);
  });

  it("treats requests that reuse an x-request-id as separate requests: decisions and spend", async () => {
    const { tenant, key } = await tenantWithBudget(`reuse-${transport}`, "100");
    const id = `reused-${transport}-${h.suffix}`;
    const send = () =>
      postJson(h, transport, "/v1/chat/completions", chatBody(h.route("main")), {
        authorization: `Bearer ${key}`,
        "x-request-id": id,
      });
    const answers = [await send(), await send()];
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(answers.map((r) => r.headers.get("x-request-id"))).toEqual([id, id]);
    const decisionIds = answers.map((r) => r.headers.get("x-switchboard-decision-id"));
    expect(new Set(decisionIds).size).toBe(2);
    const costs = answers.map((r) => Number(r.headers.get("x-switchboard-cost-usd")));
    await h.writer.flush();
    const decisions = await h.db.decision.findMany({ where: { requestId: id } });
    expect(decisions.map((d) => d.id).sort()).toEqual([...decisionIds].sort());
    // Both requests' spend reaches the tenant's budget (settlement is keyed by decision id).
    await expect
      .poll(async () => h.db.budgetSettlement.count({ where: { tenantId: tenant.id } }), {
        timeout: 5_000,
      })
      .toBe(2);
    const settled = await h.db.budgetSettlement.findMany({ where: { tenantId: tenant.id } });
    expect(settled.map((s) => s.requestId).sort()).toEqual([...decisionIds].sort());
    const spent = settled.reduce((sum, s) => sum + Number(s.actualUsd), 0);
    expect(spent).toBeCloseTo(costs[0]! + costs[1]!, 5);
  });

  it("stops accepting a revoked key within the cache TTL", async () => {
    const { key, id } = await h.createKey();
    const send = () =>
      postJson(h, transport, "/v1/chat/completions", chatBody(h.route("main")), {
        authorization: `Bearer ${key}`,
      });
    expect((await send()).status).toBe(200);
    await h.db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await bumpConfigRevision(h.db, "keys");
    await expect
      .poll(async () => (await send()).status, { timeout: 2000, interval: 100 })
      .toBe(401);
  });
});

describe("rollback toggle", () => {
  it("routes the next requests to the rollback route within a second", async () => {
    await h.db.rollbackToggle.upsert({
      where: { id: "global" },
      create: { id: "global", enabled: true, routeSlug: h.route("safe") },
      update: { enabled: true, routeSlug: h.route("safe") },
    });
    await bumpConfigRevision(h.db, "rollback");
    const flipped = Date.now();
    for (const transport of TRANSPORTS) {
      await expect
        .poll(
          async () =>
            (
              await postJson(h, transport, "/v1/chat/completions", chatBody(h.route("main")))
            ).headers.get("x-switchboard-model"),
          { timeout: 1000, interval: 50 },
        )
        .toBe(h.model("safe"));
    }
    expect(Date.now() - flipped).toBeLessThan(1000);
    const res = await postJson(h, "node", "/v1/chat/completions", chatBody(h.route("main")));
    expect(res.headers.get("x-switchboard-route")).toBe(h.route("safe"));
    await h.db.rollbackToggle.update({ where: { id: "global" }, data: { enabled: false } });
    await bumpConfigRevision(h.db, "rollback");
    await expect
      .poll(
        async () =>
          (await postJson(h, "web", "/v1/chat/completions", chatBody(h.route("main")))).headers.get(
            "x-switchboard-model",
          ),
        {
          timeout: 1000,
          interval: 50,
        },
      )
      .toBe(h.model("main"));
  });
});
