// Issue 13: the caller's own errors are 4xx answers that never count against a deployment's
// breaker (so no API key can open a model's breaker for every tenant); client text never reaches
// a response header; `/v1/models` lists only what the key can use.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey } from "@/lib/keys";
import { closeTestDb, getTestDb } from "@/tests/support/db";
import {
  chatBody,
  postJson,
  startHarness,
  TRANSPORTS,
  type Harness,
  type Transport,
} from "./harness";

afterAll(closeTestDb);
let h: Harness;
/** A second tenant, whose allowlist holds only the model `m`. */
let otherKey: string;

const MARKER = "payload-the-upstream-fails-on";
const hasMarker = (body: unknown): boolean => JSON.stringify(body).includes(MARKER);
const poisoned = (model: string) =>
  chatBody(model, { messages: [{ role: "user", content: `${MARKER}` }] });

beforeAll(async () => {
  h = await startHarness(await getTestDb(), {
    models: [
      { name: "m" },
      { name: "alt" },
      { name: "plain", capabilities: ["json", "streaming"] },
    ],
    services: { breakers: { consecutiveFailures: 5, cooldownMs: 60_000 } },
  });
  await h.createRoute("main", {
    schemaVersion: 1,
    rules: [],
    default: { strategy: "single", model: h.model("m") },
  });
  await h.createRoute("retrying", {
    schemaVersion: 1,
    rules: [],
    default: { strategy: "single", model: h.model("m"), maxRetries: 5 },
  });
  await h.createRoute("alt-only", {
    schemaVersion: 1,
    rules: [],
    default: { strategy: "single", model: h.model("alt") },
  });
  await h.createRoute("chain", {
    schemaVersion: 1,
    rules: [],
    default: {
      strategy: "fallback",
      steps: [{ model: h.model("alt") }, { model: h.model("m") }],
    },
  });
  const tenant = await h.db.tenant.create({
    data: {
      slug: `t2-${h.suffix}`,
      name: "Other tenant",
      modelAllowlist: [h.model("m")],
      allowDirectModels: true,
    },
  });
  otherKey = generateApiKey();
  await h.db.apiKey.create({
    data: {
      tenantId: tenant.id,
      name: "other",
      hash: hashApiKey(otherKey),
      prefix: otherKey.slice(0, 10),
      scopes: ["chat", "models", "explain"],
    },
  });
});
afterAll(() => h?.close());
beforeEach(() => {
  h.fake.reset();
  h.services.breakers.reset();
});

const other = (transport: Transport, body: unknown) =>
  postJson(h, transport, "/v1/chat/completions", body, { authorization: `Bearer ${otherKey}` });

async function errorOf(res: Response) {
  const body = (await res.json()) as {
    error: { type: string; code: string; param: string | null; message: string };
  };
  return { status: res.status, ...body.error };
}

/** The body of a chat request with a field nested `depth` arrays deep, as raw JSON. */
function deeplyNested(model: string, depth: number): string {
  const raw = JSON.stringify(chatBody(model));
  return `${raw.slice(0, -1)},"x":${"[".repeat(depth)}${"]".repeat(depth)}}`;
}

describe("validation before routing", () => {
  it("answers a field nested 5,000 deep with a 400, and no tenant's breaker opens", async () => {
    for (let i = 0; i < 6; i++) {
      const res = await postJson(
        h,
        TRANSPORTS[i % 2] as Transport,
        "/v1/chat/completions",
        deeplyNested(h.route("main"), 5000),
      );
      expect(await errorOf(res)).toMatchObject({
        status: 400,
        type: "invalid_request_error",
        param: "body",
      });
    }
    expect(h.fake.stats.requests).toBe(0);
    expect(h.services.breakers.health().get(h.model("m"))?.breaker ?? "closed").toBe("closed");
    const res = await other("node", chatBody(h.route("main")));
    expect(res.status).toBe(200);
  });

  it.each(TRANSPORTS)(
    "rejects ill-typed parameters and tools, naming the field (%s)",
    async (t) => {
      const cases: [Record<string, unknown>, string][] = [
        [{ temperature: "hot" }, "temperature"],
        [{ top_p: 7 }, "top_p"],
        [{ stop: ["a", "b", "c", "d", "e"] }, "stop"],
        [
          { tools: [{ type: "function", function: { name: "no spaces allowed" } }] },
          "tools[0].function.name",
        ],
        [
          { tools: [{ type: "function", function: { name: "f", parameters: "{}" } }] },
          "tools[0].function.parameters",
        ],
        [{ tool_choice: "whenever" }, "tool_choice"],
      ];
      for (const [extra, param] of cases) {
        const res = await postJson(h, t, "/v1/chat/completions", chatBody(h.route("main"), extra));
        expect(await errorOf(res)).toMatchObject({ status: 400, param });
      }
      expect(h.fake.stats.requests).toBe(0);
    },
  );
});

describe("upstream answers about the request do not count against the breaker", () => {
  it.each([
    ["400 invalid_request_error", "status:400,code:invalid_request_error,message:bad request"],
    ["422", "status:422,message:unprocessable"],
    [
      "500 that says the request is invalid",
      "status:500,code:invalid_request_error,message:nesting too deep",
    ],
  ])("an upstream %s is the caller's 400, however often", async (_name, fault) => {
    h.fake.setPayloadFault(hasMarker, fault);
    for (let i = 0; i < 6; i++) {
      const res = await postJson(h, "node", "/v1/chat/completions", poisoned(h.route("main")));
      expect(await errorOf(res)).toMatchObject({ status: 400, type: "invalid_request_error" });
    }
    expect(h.services.breakers.health().get(h.model("m"))?.breaker ?? "closed").toBe("closed");
    const res = await other("web", chatBody(h.route("main")));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchboard-model")).toBe(h.model("m"));
  });

  it("one request's retries count once against the deployment", async () => {
    // A payload that makes the upstream fail with a plain 500: retried on the same model, but
    // one request is one piece of evidence however many attempts it makes.
    h.fake.setPayloadFault(hasMarker, "status:500");
    const res = await postJson(h, "node", "/v1/chat/completions", poisoned(h.route("retrying")));
    expect(res.status).toBe(502);
    expect(Number(res.headers.get("x-switchboard-attempts"))).toBe(6);
    expect(h.services.breakers.health().get(h.model("m"))?.breaker ?? "closed").toBe("closed");
    expect((await other("node", chatBody(h.route("main")))).status).toBe(200);
  });
});

describe("client errors are 4xx, not retryable 503s", () => {
  it.each(TRANSPORTS)(
    "names the reason when every candidate is the caller's to fix (%s)",
    async (t) => {
      // A model outside the tenant's allowlist, named directly: as OpenAI answers a model the key
      // cannot use.
      expect(await errorOf(await other(t, chatBody(h.model("alt"))))).toMatchObject({
        status: 404,
        code: "model_not_found",
        type: "invalid_request_error",
        param: "model",
      });
      // A route none of whose models the tenant may use.
      expect(await errorOf(await other(t, chatBody(h.route("alt-only"))))).toMatchObject({
        status: 403,
        code: "model_not_allowed",
        param: "model",
      });
      // max_tokens above every model's maximum (4096 in the harness).
      const big = chatBody(h.route("main"), { max_tokens: 100_000 });
      expect(await errorOf(await postJson(h, t, "/v1/chat/completions", big))).toMatchObject({
        status: 400,
        code: "invalid_request",
        param: "max_tokens",
      });
      // Tools sent to a model without the capability.
      const tools = chatBody(h.model("plain"), {
        tools: [{ type: "function", function: { name: "f", parameters: { type: "object" } } }],
      });
      expect(await errorOf(await postJson(h, t, "/v1/chat/completions", tools))).toMatchObject({
        status: 400,
        code: "invalid_request",
        param: "tools",
      });
      expect(h.fake.stats.requests).toBe(0);
    },
  );

  it("keeps 503 for provider-side unavailability (an open breaker)", async () => {
    for (let i = 0; i < 5; i++) h.services.breakers.recordFailure(h.model("m"), "server_error");
    const res = await postJson(h, "node", "/v1/chat/completions", chatBody(h.model("m")));
    expect(await errorOf(res)).toMatchObject({ status: 503, code: "no_model_available" });
  });
});

describe("the requested model name never reaches a header", () => {
  it.each([
    ["zero-width", "gpt\u200b-4o"],
    ["right-to-left", "\u202egpt-4o"],
    ["control", "gpt\u0001-4o"],
    ["NUL", "gpt\u0000-4o"],
    ["newline", "gpt-4o\r\nx-injected: 1"],
    ["long but within the limit", `m-${"x".repeat(250)}`],
  ])("a %s name is a 404 the Node client reads", async (_name, model) => {
    const res = await postJson(h, "node", "/v1/chat/completions", chatBody(model));
    expect(await errorOf(res)).toMatchObject({ status: 404, code: "model_not_found" });
    expect(res.headers.get("x-switchboard-route")).toBe("");
    expect(res.headers.get("x-injected")).toBeNull();
  });

  it.each([1_000, 100_000])("a %i-character name is a 400 the Node client reads", async (n) => {
    const res = await postJson(h, "node", "/v1/chat/completions", chatBody("m".repeat(n)));
    expect(await errorOf(res)).toMatchObject({ status: 400, param: "model" });
    expect(res.headers.get("x-switchboard-route")).toBe("");
  });

  it("names the route used on a routed answer", async () => {
    const res = await postJson(h, "node", "/v1/chat/completions", chatBody(h.route("main")));
    expect(res.headers.get("x-switchboard-route")).toBe(h.route("main"));
  });
});

describe("GET /v1/models", () => {
  it.each(TRANSPORTS)("lists only the routes and models the key can use (%s)", async (t) => {
    const res = await fetch(`${h.urls[t]}/v1/models`, {
      headers: { authorization: `Bearer ${otherKey}` },
    });
    expect(res.status).toBe(200);
    const ids = ((await res.json()) as { data: { id: string }[] }).data.map((d) => d.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        h.route("main"),
        h.route("retrying"),
        h.route("chain"),
        h.model("m"),
      ]),
    );
    expect(ids).not.toContain(h.route("alt-only"));
    expect(ids).not.toContain(h.model("alt"));
    expect(ids).not.toContain(h.model("plain"));
    // The harness's own tenant has no allowlist: it sees every route of this file.
    const own = await fetch(`${h.urls[t]}/v1/models`, {
      headers: { authorization: `Bearer ${h.apiKey}` },
    });
    const ownIds = ((await own.json()) as { data: { id: string }[] }).data.map((d) => d.id);
    expect(ownIds).toContain(h.route("alt-only"));
  });
});
