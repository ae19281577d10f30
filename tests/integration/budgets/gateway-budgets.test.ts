// Budgets through the gateway's /v1 fast path: console budget edits reach the request path
// within a second (the `budgets` revision), a budget counts spend from before it existed, both
// 429 paths carry the window's end as Retry-After, and the console's three views of a budget's
// spent agree with the decision log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBudgetBurn } from "@/lib/db/dashboard";
import { getTenant, listTenants, upsertBudget } from "@/lib/db/tenants";
import { hashApiKey } from "@/lib/keys";
import { closeTestDb, getTestDb, testDatabaseKind } from "../../support/db";
import { chatBody, postJson, startHarness, type Harness } from "../gateway/harness";

afterAll(closeTestDb);
const OPS = { id: null, email: "ops@example.test" };
// Priced so a request costs cents: input $1,000 and output $2,000 per million tokens.
const MODELS = [{ name: "main", input: 1_000, output: 2_000 }];
const BODY = (h: Harness) => chatBody(h.route("main"), { max_tokens: 8 });

async function start(services: Parameters<typeof startHarness>[1]["services"] = {}) {
  const h = await startHarness(await getTestDb(), { models: MODELS, services });
  await h.createRoute("main", {
    schemaVersion: 1,
    rules: [],
    default: { strategy: "single", model: h.model("main") },
  });
  return h;
}

/** A tenant of its own with an API key; no budget. */
async function newTenant(h: Harness, name: string) {
  const tenant = await h.db.tenant.create({
    data: { slug: `${name}-${h.suffix}`, name: `${name}-${h.suffix}`, modelAllowlist: [] },
  });
  const { key } = await h.createKey();
  await h.db.apiKey.updateMany({ where: { hash: hashApiKey(key) }, data: { tenantId: tenant.id } });
  const send = () =>
    postJson(h, "node", "/v1/chat/completions", BODY(h), { authorization: `Bearer ${key}` });
  return { tenantId: tenant.id, slug: tenant.slug, key, send };
}

const hard = (limitUsd: number) => ({ limitUsd, softThreshold: 0.8, hardLimit: true });

/** The decision log's spend of a tenant since `since` (the SQL every view must agree with). */
async function decisionSpend(h: Harness, tenantId: string, since: Date): Promise<number> {
  await h.writer.flush();
  const [row] = await h.db.$queryRaw<Array<{ sum: string | null }>>`
    SELECT SUM("costUsd")::text AS sum FROM "Decision"
    WHERE "tenantId" = ${tenantId}::uuid AND "createdAt" >= ${since}`;
  return Number(row?.sum ?? 0);
}

const dayStart = (ms: number) => new Date(Math.floor(ms / 86_400_000) * 86_400_000);

describe(`budgets on the request path (${testDatabaseKind})`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("admits within a second once a spent hard budget is raised", async () => {
    const t = await newTenant(h, "raised");
    await upsertBudget(h.db, OPS, t.tenantId, "daily", hard(0.000001));
    expect((await t.send()).status).toBe(429); // refused by reserve
    expect((await t.send()).status).toBe(429); // refused by the engine's `hard`
    await upsertBudget(h.db, OPS, t.tenantId, "daily", hard(100));
    const raisedAt = performance.now();
    await expect.poll(async () => (await t.send()).status, { timeout: 3_000 }).toBe(200);
    expect(performance.now() - raisedAt).toBeLessThan(1_500);
  });

  it("refuses within a second once a hard budget is set below the window's spend", async () => {
    const t = await newTenant(h, "capped");
    const costs: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t.send();
      expect(res.status).toBe(200);
      costs.push(Number(res.headers.get("x-switchboard-cost-usd")));
    }
    const spent = costs.reduce((a, b) => a + b, 0);
    // Room for several worst cases, below what was spent this morning.
    await upsertBudget(h.db, OPS, t.tenantId, "daily", hard(spent / 2));
    const cappedAt = performance.now();
    await expect.poll(async () => (await t.send()).status, { timeout: 3_000 }).toBe(429);
    expect(performance.now() - cappedAt).toBeLessThan(1_500);
    const res = await t.send();
    const nextMidnight = dayStart(Date.now()).getTime() + 86_400_000;
    const expected = Math.ceil((nextMidnight - Date.now()) / 1000);
    expect(Math.abs(Number(res.headers.get("retry-after")) - expected)).toBeLessThanOrEqual(2);
    // The console shows the morning's spend, and what was admitted before the instance heard of
    // the budget (once the settler's batch is written): the decision log's sum.
    const logged = await decisionSpend(h, t.tenantId, dayStart(Date.now()));
    expect(logged).toBeGreaterThanOrEqual(spent);
    await expect
      .poll(async () => (await getTenant(h.db, t.tenantId)).budgets[0]?.spentUsd, {
        timeout: 3_000,
      })
      .toBeCloseTo(logged, 6);
  });

  it("shows one spent figure in the budget API, tenant page and overview: the decision log's", async () => {
    const t = await newTenant(h, "agree");
    for (let i = 0; i < 4; i++) expect((await t.send()).status).toBe(200);
    await upsertBudget(h.db, OPS, t.tenantId, "daily", hard(100));
    await upsertBudget(h.db, OPS, t.tenantId, "monthly", hard(1_000));
    for (let i = 0; i < 3; i++) expect((await t.send()).status).toBe(200);
    const now = Date.now();
    const daySql = await decisionSpend(h, t.tenantId, dayStart(now));
    const monthStart = new Date(
      Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1),
    );
    const monthSql = await decisionSpend(h, t.tenantId, monthStart);
    expect(daySql).toBeGreaterThan(0);
    const read = async () => {
      const api = await upsertBudget(h.db, OPS, t.tenantId, "daily", hard(100));
      const tenant = await getTenant(h.db, t.tenantId);
      const page = await listTenants(h.db, { q: t.slug });
      const burn = (await readBudgetBurn(h.db)).filter((b) => b.tenantId === t.tenantId);
      const pick = <T extends { period: string; spentUsd: number }>(list: T[], period: string) =>
        list.find((b) => b.period === period)?.spentUsd;
      return {
        api: api.spentUsd,
        tenantDaily: pick(tenant.budgets, "daily"),
        tenantMonthly: pick(tenant.budgets, "monthly"),
        pageDaily: pick(page.tenants[0]?.budgets ?? [], "daily"),
        overviewDaily: pick(burn, "daily"),
        overviewMonthly: pick(burn, "monthly"),
      };
    };
    const want = {
      api: daySql,
      tenantDaily: daySql,
      tenantMonthly: monthSql,
      pageDaily: daySql,
      overviewDaily: daySql,
      overviewMonthly: monthSql,
    };
    // Settlement is batched (every 200 ms): the views converge on the decision log's sum.
    await expect.poll(read, { timeout: 3_000 }).toEqual(want);
  });
});

describe(`two gateway instances on one database (${testDatabaseKind})`, () => {
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    a = await start();
    b = await start();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it("count spend on both, and both follow a budget edit within a second", async () => {
    const t = await newTenant(a, "pair");
    // The same tenant and key through instance b (one database: b knows a's route and key).
    const viaB = () =>
      postJson(b, "node", "/v1/chat/completions", BODY(a), {
        authorization: `Bearer ${t.key}`,
      });
    const costs: number[] = [];
    for (const send of [t.send, viaB, t.send, viaB]) {
      const res = await send();
      expect(res.status).toBe(200);
      costs.push(Number(res.headers.get("x-switchboard-cost-usd")));
    }
    const spent = costs.reduce((x, y) => x + y, 0);
    await upsertBudget(a.db, OPS, t.tenantId, "daily", hard(spent * 0.75));
    const cappedAt = performance.now();
    await expect.poll(async () => (await t.send()).status, { timeout: 3_000 }).toBe(429);
    await expect.poll(async () => (await viaB()).status, { timeout: 3_000 }).toBe(429);
    expect(performance.now() - cappedAt).toBeLessThan(1_500);
    // Both instances' spend (and what they admitted before they heard of the budget) counts.
    await b.writer.flush();
    const logged = await decisionSpend(a, t.tenantId, dayStart(Date.now()));
    expect(logged).toBeGreaterThanOrEqual(spent);
    await expect
      .poll(async () => (await getTenant(a.db, t.tenantId)).budgets[0]?.spentUsd, {
        timeout: 3_000,
      })
      .toBeCloseTo(logged, 6);
    await upsertBudget(a.db, OPS, t.tenantId, "daily", hard(100));
    const raisedAt = performance.now();
    await expect.poll(async () => (await t.send()).status, { timeout: 3_000 }).toBe(200);
    await expect.poll(async () => (await viaB()).status, { timeout: 3_000 }).toBe(200);
    expect(performance.now() - raisedAt).toBeLessThan(1_500);
  });
});

describe(`Retry-After of a refused request (${testDatabaseKind})`, () => {
  // 06:54:26 UTC: the day's window ends in 61,534 s.
  const NOW = Date.UTC(2026, 11, 7, 6, 54, 26);
  let h: Harness;
  beforeAll(async () => {
    h = await start({ clock: () => NOW });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("is the window's end on the reserve path and on the engine's hard state alike", async () => {
    const t = await newTenant(h, "retry");
    await upsertBudget(h.db, OPS, t.tenantId, "daily", hard(0.000001), new Date(NOW));
    const first = await t.send(); // reserve refuses the worst case
    const second = await t.send(); // the engine reads `hard`
    expect([first.status, second.status]).toEqual([429, 429]);
    expect(first.headers.get("retry-after")).toBe("61534");
    expect(second.headers.get("retry-after")).toBe("61534");
  });
});
