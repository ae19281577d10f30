// `POST /v1/feedback` on both transports: decisions made with the real OpenAI SDK, then outcomes
// sent with fetch, stored in batches (idempotent per decision × metric × source) and folded into
// the route's quality rollups; refusals are OpenAI-shaped and name their param.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey } from "@/lib/keys";
import { upsertRouteMetric } from "@/lib/db/route-metrics";
import { readQualityReport } from "@/lib/db/quality-report";
import { RouteMetricInputSchema } from "@/lib/schemas/route-metrics";
import { createFeedbackWriter, type FeedbackWriter } from "@/lib/telemetry/feedback-writer";
import { closeTestDb, getTestDb } from "@/tests/support/db";
import { startHarness, TRANSPORTS, type Harness, type Transport } from "./harness";

afterAll(closeTestDb);
let h: Harness;
let feedback: FeedbackWriter;
let otherKey: string;
const actor = { id: null, email: "test@switchboard.local" };

beforeAll(async () => {
  const db = await getTestDb();
  feedback = createFeedbackWriter({ db, flushIntervalMs: 50 });
  h = await startHarness(db, { models: [{ name: "fb" }], services: { feedback } });
  const slug = await h.createRoute("auto", {
    schemaVersion: 1,
    rules: [],
    default: { strategy: "single", model: h.model("fb") },
  });
  for (const m of [
    { name: "thumbs_up", type: "boolean" },
    { name: "stars", type: "number", min: 1, max: 5 },
    { name: "verdict", type: "category", categories: ["good", "bad"] },
  ])
    await upsertRouteMetric(db, actor, slug, RouteMetricInputSchema.parse(m));
  await h.services.config.reload();
  const other = await db.tenant.create({ data: { slug: `o-${h.suffix}`, name: "Other" } });
  otherKey = generateApiKey();
  await db.apiKey.create({
    data: {
      tenantId: other.id,
      name: "o",
      hash: hashApiKey(otherKey),
      prefix: "x",
      scopes: ["chat"],
    },
  });
});
afterAll(async () => {
  await h?.close();
  await feedback?.close();
});

async function decide(transport: Transport): Promise<{ decisionId: string; requestId: string }> {
  const client = new OpenAI({
    apiKey: h.apiKey,
    baseURL: `${h.urls[transport]}/v1`,
    maxRetries: 0,
  });
  const { response } = await client.chat.completions
    .create({ model: h.route("auto"), messages: [{ role: "user", content: "hi" }] })
    .withResponse();
  return {
    decisionId: response.headers.get("x-switchboard-decision-id") ?? "",
    requestId: response.headers.get("x-request-id") ?? "",
  };
}

function send(transport: Transport, body: unknown, key = h.apiKey): Promise<Response> {
  return fetch(`${h.urls[transport]}/v1/feedback`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe.each(TRANSPORTS)("POST /v1/feedback over %s", (transport) => {
  it("accepts several metrics, by decision id and by request id; a resend replaces", async () => {
    const { decisionId, requestId } = await decide(transport);
    expect(decisionId).toMatch(/^[0-9a-f-]{36}$/);
    const first = await send(transport, {
      decision_id: decisionId,
      metric: "thumbs_up",
      value: false,
    });
    expect(first.status).toBe(202);
    const body = (await first.json()) as { id: string; object: string; decision_id: string };
    expect(body).toMatchObject({ object: "feedback", decision_id: decisionId });
    const again = await send(transport, {
      decision_id: decisionId,
      metric: "thumbs_up",
      value: true,
      comment: "changed my mind",
      user: "end-user-1",
    });
    expect(((await again.json()) as { id: string }).id).toBe(body.id);
    expect(
      (await send(transport, { request_id: requestId, metric: "stars", value: 4 })).status,
    ).toBe(202);
    expect(
      (await send(transport, { decision_id: decisionId, metric: "verdict", value: "good" })).status,
    ).toBe(202);
    await h.writer.flush();
    await feedback.flush();
    const rows = await h.db.feedback.findMany({
      where: { decisionId },
      orderBy: { metric: "asc" },
    });
    expect(rows.map((r) => [r.metric, r.value, r.category])).toEqual([
      ["stars", 4, null],
      ["thumbs_up", 1, null],
      ["verdict", null, "good"],
    ]);
    expect(rows.find((r) => r.metric === "thumbs_up")).toMatchObject({
      id: body.id,
      comment: "changed my mind",
      endUserId: "end-user-1",
      tenantId: h.tenantId,
      model: h.model("fb"),
    });
    const quality = await readQualityReport(h.db, {
      route: h.route("auto"),
      from: new Date(Date.now() - 86_400_000),
      to: new Date(Date.now() + 3_600_000),
      groupBy: "model",
      bucket: "hour",
    });
    expect(quality.total.feedback.find((f) => f.metric === "stars")?.n).toBeGreaterThan(0);
  });

  it("finds a decision this instance never saw (database lookup)", async () => {
    const stored = await h.db.decision.create({
      data: {
        requestId: `elsewhere-${transport}-${h.suffix}`,
        createdAt: new Date(),
        tenantId: h.tenantId,
        routeSlug: h.route("auto"),
        policyVersion: 1,
        finalModel: h.model("fb"),
        strategy: "single",
        features: {},
        trace: {},
        status: "success",
        httpStatus: 200,
        latencyMs: 5,
      },
    });
    expect(h.services.feedback.recent.find(h.tenantId, { decisionId: stored.id })).toBeNull();
    const res = await send(transport, { request_id: stored.requestId, metric: "stars", value: 5 });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { decision_id: string }).decision_id).toBe(stored.id);
  });

  it("404 for an unknown decision and for another tenant's, without telling them apart", async () => {
    const { decisionId } = await decide(transport);
    await h.writer.flush();
    const unknown = await send(transport, {
      decision_id: crypto.randomUUID(),
      metric: "stars",
      value: 3,
    });
    const foreign = await send(
      transport,
      { decision_id: decisionId, metric: "stars", value: 3 },
      otherKey,
    );
    for (const res of [unknown, foreign]) {
      expect(res.status).toBe(404);
      const err = (await res.json()) as { error: { type: string; param: string; code: string } };
      expect(err.error).toMatchObject({
        type: "invalid_request_error",
        param: "decision_id",
        code: "not_found",
      });
    }
  });

  it.each([
    [{ metric: "stars", value: 9 }, "value"],
    [{ metric: "stars", value: "4" }, "value"],
    [{ metric: "thumbs_up", value: 1 }, "value"],
    [{ metric: "verdict", value: "meh" }, "value"],
    [{ metric: "nope", value: 1 }, "metric"],
    [{ metric: "stars", value: 3, source: "robot" }, "source"],
    [{ metric: "stars", value: 3, extra: 1 }, "extra"],
  ])("400 naming the param for %j", async (fields, param) => {
    const { decisionId } = await decide(transport);
    const res = await send(transport, { decision_id: decisionId, ...fields });
    expect(res.status).toBe(400);
    const err = (await res.json()) as { error: { param: string; type: string } };
    expect(err.error).toMatchObject({ param, type: "invalid_request_error" });
  });

  it("413 for a body over the limit, 401 without a key", async () => {
    const big = JSON.stringify({ metric: "stars", value: 1, comment: "x".repeat(5_000_000) });
    expect((await send(transport, big)).status).toBe(413);
    expect((await send(transport, { metric: "stars", value: 1 }, "sk-sb-nope")).status).toBe(401);
  });
});
