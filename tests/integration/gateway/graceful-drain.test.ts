// SIGTERM on the real server (npm start's entry): requests in flight finish within the drain
// timeout, streams that cannot get the in-band error event (never a silent cut), every answered
// request has its decision, settled spend equals the decision log, leases are given back, exit 0.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/engine/client";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { signIn, DEMO_OPERATORS, DEMO_PASSWORD } from "@/tests/support/console-client";
import type { ConsoleClient } from "@/tests/support/console-client";
import { startFakeUpstream, type FakeUpstream } from "@/tests/support/fake-upstream";

const DRAIN_MS = 2_000;

interface Answer {
  requestId: string;
  status: number;
  text: string;
}

async function createFixtures(
  admin: ConsoleClient,
  upstreamUrl: string,
): Promise<{ key: string; tenantId: string }> {
  const provider = await admin.post<{ id: string }>("/api/console/providers", {
    slug: "drain-upstream",
    name: "Drain test upstream",
    kind: "openai_compatible",
    baseUrl: `${upstreamUrl}/v1`,
    allowPrivateNetwork: true,
    credential: "sk-fake-upstream-credential",
  });
  expect(provider.status).toBe(201);
  for (const name of ["drain-slow", "drain-stall", "drain-json"]) {
    const model = await admin.post("/api/console/models", {
      slug: name,
      providerId: provider.body.id,
      upstreamName: name,
      displayName: name,
      inputPricePerMTok: 1,
      outputPricePerMTok: 2,
      contextWindow: 100_000,
      maxOutputTokens: 1_000,
      capabilities: ["streaming"],
      tier: "small",
    });
    expect(model.status).toBe(201);
  }
  const tenant = await admin.post<{ id: string }>("/api/console/tenants", {
    slug: "drain-tenant",
    name: "Drain tenant",
  });
  expect(tenant.status).toBe(201);
  const budget = await admin.put(`/api/console/tenants/${tenant.body.id}/budgets/daily`, {
    limitUsd: 100,
    softThreshold: 0.9,
    hardLimit: true,
  });
  expect(budget.status).toBeLessThan(300);
  const key = await admin.post<{ key: string }>("/api/console/api-keys", {
    tenantId: tenant.body.id,
    name: "drain test",
  });
  expect(key.status).toBe(201);
  return { key: key.body.key, tenantId: tenant.body.id };
}

describe("SIGTERM drains the server", () => {
  let app: AppServer;
  let upstream: FakeUpstream;
  let key = "";
  let tenantId = "";

  beforeAll(async () => {
    upstream = await startFakeUpstream({ apiKey: "sk-fake-upstream-credential" });
    // Each token 100 ms apart: a 6-token stream lasts ~0.6 s, well inside the drain timeout.
    upstream.setAnswer("drain-slow", { text: "one two three four five six", tokenDelayMs: 100 });
    // Two tokens, then nothing: only the drain timeout ends it.
    upstream.setFault("drain-stall", "stall-after:2");
    upstream.setFault("drain-json", "delay:400");
    app = await startAppServer({
      SWITCHBOARD_DEMO_HISTORY_DAYS: "0",
      SWITCHBOARD_DRAIN_TIMEOUT_MS: String(DRAIN_MS),
      SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS: "1",
    });
    const admin = await signIn(app.url, DEMO_OPERATORS.admin, DEMO_PASSWORD);
    ({ key, tenantId } = await createFixtures(admin, upstream.url));
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
    await upstream?.close();
  });

  const call = async (model: string, stream: boolean, n: number): Promise<Answer> => {
    const requestId = `drain-${model}-${n}`;
    const res = await fetch(`${app.url}/v1/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        "x-request-id": requestId,
      },
      body: JSON.stringify({ model, stream, messages: [{ role: "user", content: "hi" }] }),
    });
    return { requestId, status: res.status, text: await res.text().catch(() => "<cut>") };
  };

  it("finishes what it can, ends the rest in band, records everything and exits 0", async () => {
    // The config cache picks up the new models within its poll: wait until they answer.
    for (let i = 0; ; i++) {
      const probe = await call("drain-slow", true, 1000 + i);
      if (probe.status === 200) break;
      if (i > 100) throw new Error(`models never became routable: ${probe.text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    upstream.reset();
    upstream.setAnswer("drain-slow", { text: "one two three four five six", tokenDelayMs: 100 });
    upstream.setFault("drain-stall", "stall-after:2");
    upstream.setFault("drain-json", "delay:400");

    const pending: Promise<Answer>[] = [];
    for (let i = 0; i < 3; i++) {
      pending.push(call("drain-slow", true, i));
      pending.push(call("drain-stall", true, i));
      pending.push(call("drain-json", false, i));
    }
    await upstream.waitFor((s) => s.requests >= 9, 20_000);
    process.kill(app.pid, "SIGTERM");
    const answers = await Promise.all(pending);
    expect(await app.exited).toBe(0);

    for (const a of answers) expect(a.status, a.text).toBe(200);
    const slow = answers.filter((a) => a.requestId.startsWith("drain-drain-slow"));
    const stalled = answers.filter((a) => a.requestId.startsWith("drain-drain-stall"));
    const json = answers.filter((a) => a.requestId.startsWith("drain-drain-json"));
    for (const a of slow) {
      expect(a.text).toContain("six");
      expect(a.text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    }
    for (const a of stalled) {
      expect(a.text).not.toContain("[DONE]");
      expect(a.text).toMatch(/data: \{"error":\{[^\n]*shutting down/);
    }
    for (const a of json) expect(JSON.parse(a.text)).toHaveProperty("choices");

    // Everything the server wrote is on disk now that it has exited.
    const db = await createDb({ DATABASE_URL: app.databaseUrl ?? undefined, dataDir: app.dataDir });
    try {
      const decisions = await db.prisma.decision.findMany({
        where: { tenantId, requestId: { in: answers.map((a) => a.requestId) } },
        select: { requestId: true, status: true },
      });
      const byRequest = new Map(decisions.map((d) => [d.requestId, d.status]));
      for (const a of [...slow, ...json]) expect(byRequest.get(a.requestId)).toBe("success");
      for (const a of stalled) expect(byRequest.get(a.requestId)).toBe("mid_stream_failure");
      const [logged] = await db.prisma.$queryRaw<{ total: string | null }[]>`
        SELECT sum("costUsd")::text AS total FROM "Decision" WHERE "tenantId" = ${tenantId}::uuid`;
      const budget = await db.prisma.budget.findFirstOrThrow({
        where: { tenantId, period: "daily" },
        select: { spentUsd: true, leasedUsd: true },
      });
      expect(Number(budget.spentUsd)).toBeGreaterThan(0);
      expect(Number(budget.spentUsd)).toBeCloseTo(Number(logged?.total ?? 0), 5);
      expect(Number(budget.leasedUsd)).toBe(0);
      expect(await db.prisma.budgetLease.count({ where: { tenantId } })).toBe(0);
    } finally {
      await db.close();
    }
    expect(app.output()).toMatch(/Drained in \d+ ms: \d+ request\(s\) finished, 3 stream\(s\)/);
  }, 120_000);
});
