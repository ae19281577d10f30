import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  h = await startHarness(await getDb(), {
    models: [{ name: "cheap" }, { name: "strong", tier: "large", input: 5, output: 15 }],
  });
  await h.createRoute(
    "auto",
    { schemaVersion: 1, rules: [], default: { strategy: "single", model: h.model("cheap") } },
    "strong",
  );
});
afterAll(() => h?.close());

describe.each(TRANSPORTS)("chat completions over %s", (transport) => {
  it("answers a route request with the routing headers and records the decision", async () => {
    const res = await postJson(h, transport, "/v1/chat/completions", chatBody(h.route("auto")), {
      "x-request-id": `req-basic-${transport}-${h.suffix}`,
      "x-switchboard-task": "faq",
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toContain("forty-two");
    expect(res.headers.get("x-switchboard-model")).toBe(h.model("cheap"));
    expect(res.headers.get("x-switchboard-route")).toBe(h.route("auto"));
    expect(res.headers.get("x-switchboard-policy-version")).toBe("1");
    expect(res.headers.get("x-switchboard-attempts")).toBe("1");
    expect(Number(res.headers.get("x-switchboard-cost-usd"))).toBeGreaterThan(0);
    const decision = await readDecision(h, `req-basic-${transport}-${h.suffix}`);
    expect(decision?.id).toBe(res.headers.get("x-switchboard-decision-id"));
    expect(decision?.status).toBe("success");
    expect(decision?.tenantId).toBe(h.tenantId);
    expect(decision?.apiKeyId).toBe(h.apiKeyId);
    expect(decision?.finalModel).toBe(h.model("cheap"));
    expect(decision?.promptHash).toMatch(/^[0-9a-f]{64}$/);
    expect(decision?.content).toBeNull();
    expect(Number(decision?.baselineCostUsd)).toBeGreaterThan(Number(decision?.costUsd));
    expect(decision?.attempts).toHaveLength(1);
    expect((decision?.features as { metadata: { task: string } }).metadata.task).toBe("faq");
  });

  it("serves a concrete model directly when the tenant allows it", async () => {
    const res = await postJson(h, transport, "/v1/chat/completions", chatBody(h.model("strong")));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchboard-model")).toBe(h.model("strong"));
  });

  it("answers 401 for a bad key, 404 for an unknown model, 400 for malformed bodies", async () => {
    const bad = await postJson(h, transport, "/v1/chat/completions", chatBody(h.route("auto")), {
      authorization: "Bearer sk-sb-nope",
    });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_api_key");

    const unknown = await postJson(
      h,
      transport,
      "/v1/chat/completions",
      chatBody(`nope-${h.suffix}`),
    );
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe(
      "model_not_found",
    );

    const malformed = await postJson(h, transport, "/v1/chat/completions", "{not json");
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { param: string } }).error.param).toBe("body");

    const missing = await postJson(h, transport, "/v1/chat/completions", {
      model: h.route("auto"),
    });
    expect(missing.status).toBe(400);
    const err = ((await missing.json()) as { error: { param: string; message: string } }).error;
    expect(err.param).toBe("messages");

    // n is served up to 16 choices (openai-conformance.test.ts); beyond that it is a 400.
    const tooMany = await postJson(
      h,
      transport,
      "/v1/chat/completions",
      chatBody(h.route("auto"), { n: 17 }),
    );
    expect(tooMany.status).toBe(400);
  });

  it("answers 415 for non-JSON and 413 for an oversized body", async () => {
    const form = await fetch(`${h.urls[transport]}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${h.apiKey}`, "content-type": "text/plain" },
      body: "hello",
    });
    expect(form.status).toBe(415);
    const huge = "x".repeat(5 * 1024 * 1024);
    const big = await postJson(
      h,
      transport,
      "/v1/chat/completions",
      chatBody(h.route("auto"), { pad: huge }),
    );
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe(
      "payload_too_large",
    );
  });

  it("lists routes and models on /v1/models and under /api/v1", async () => {
    const res = await fetch(`${h.urls[transport]}/api/v1/models`, {
      headers: { authorization: `Bearer ${h.apiKey}` },
    });
    expect(res.status).toBe(200);
    const list = (await res.json()) as { object: string; data: { id: string }[] };
    expect(list.object).toBe("list");
    const ids = list.data.map((m) => m.id);
    expect(ids).toContain(h.route("auto"));
    expect(ids).toContain(h.model("cheap"));
  });

  it("explains a decision without calling a provider", async () => {
    const before = h.fake.stats.requests;
    const res = await postJson(h, transport, "/v1/route/explain", chatBody(h.route("auto")));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      decision: { kind: string; plan: { steps: { model: string }[] } };
      trace: { usedRoute: string };
    };
    expect(body.decision.kind).toBe("routed");
    expect(body.decision.plan.steps[0]?.model).toBe(h.model("cheap"));
    expect(body.trace.usedRoute).toBe(h.route("auto"));
    expect(h.fake.stats.requests).toBe(before);
  });
});
