// Each fault mode and error class of a non-streaming request: fallback happens for the chain's
// triggers and stops for the others; retries honour Retry-After; breakers open and the engine
// then skips the model; cascades escalate on a failed gate.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
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
    models: [
      { name: "primary" },
      { name: "backup" },
      { name: "flaky" },
      { name: "big", tier: "large" },
    ],
    services: { breakers: { consecutiveFailures: 3, cooldownMs: 60_000 } },
  });
  await h.createRoute("chain", {
    schemaVersion: 1,
    rules: [],
    default: {
      strategy: "fallback",
      steps: [{ model: h.model("primary"), timeoutMs: 400 }, { model: h.model("backup") }],
      triggers: ["timeout", "connect", "server_error", "rate_limited", "stream_interrupted"],
    },
  });
  await h.createRoute("retry", {
    schemaVersion: 1,
    rules: [],
    default: { strategy: "single", model: h.model("primary"), maxRetries: 1 },
  });
  await h.createRoute("breaker", {
    schemaVersion: 1,
    rules: [],
    default: { strategy: "single", model: h.model("flaky"), fallbacks: [h.model("backup")] },
  });
  await h.createRoute("cascade", {
    schemaVersion: 1,
    rules: [],
    default: {
      strategy: "cascade",
      stages: [
        { model: h.model("primary"), gates: { minLength: 10, refusalPatterns: ["^I cannot"] } },
        { model: h.model("big"), gates: { nonEmpty: true } },
      ],
    },
  });
});
afterAll(() => h?.close());
beforeEach(() => {
  h.fake.reset();
  h.services.breakers.reset();
});

const FALLS_BACK: [string, string][] = [
  ["server_error (503)", "status:503"],
  ["rate_limited (429)", "status:429,retry-after:1"],
  ["timeout (stalled headers)", "stall-headers"],
  ["connect (reset)", "reset"],
  ["delay past the attempt timeout", "delay:1500"],
  ["malformed JSON", "malformed"],
];

const STOPS: [string, string, number, string][] = [
  ["invalid_request (400)", "status:400", 400, "invalid_request"],
  ["auth (401 upstream)", "status:401", 502, "upstream_error"],
  [
    "context_length_exceeded",
    "status:400,message:maximum context length exceeded",
    400,
    "context_length_exceeded",
  ],
  ["content_filtered", "status:400,message:blocked by content_filter", 400, "content_filtered"],
];

describe.each(TRANSPORTS)("execution over %s", (transport) => {
  it.each(FALLS_BACK)("falls back on %s", async (_name, fault) => {
    h.fake.setFault(h.model("primary"), fault);
    const id = `fb-${transport}-${fault.replace(/\W/g, "")}-${h.suffix}`;
    const res = await postJson(h, transport, "/v1/chat/completions", chatBody(h.route("chain")), {
      "x-request-id": id,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchboard-model")).toBe(h.model("backup"));
    expect(res.headers.get("x-switchboard-attempts")).toBe("2");
    const decision = await readDecision(h, id);
    expect(decision?.fellBack).toBe(true);
    expect(decision?.attempts.map((a) => a.outcome)).toEqual(["error", "success"]);
    expect(decision?.attempts[1]?.kind).toBe("fallback");
  });

  it.each(STOPS)("stops on %s", async (_name, fault, status, code) => {
    h.fake.setFault(h.model("primary"), fault);
    const id = `stop-${transport}-${fault.replace(/\W/g, "")}-${h.suffix}`;
    const res = await postJson(h, transport, "/v1/chat/completions", chatBody(h.route("chain")), {
      "x-request-id": id,
    });
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).not.toMatch(/sk-|Bearer|at \w+ \(/);
    expect(res.headers.get("x-switchboard-attempts")).toBe("1");
    const decision = await readDecision(h, id);
    expect(decision?.status).toBe("upstream_error");
    expect(decision?.httpStatus).toBe(status);
  });

  it("answers 502 when every step of the plan fails", async () => {
    h.fake.setFault(h.model("primary"), "stall-headers");
    h.fake.setFault(h.model("backup"), "status:503");
    const res = await postJson(h, transport, "/v1/chat/completions", chatBody(h.route("chain")));
    expect(res.status).toBe(502);
    expect(res.headers.get("x-switchboard-attempts")).toBe("2");
  });

  it("retries the same step after Retry-After", async () => {
    h.fake.setFault(h.model("primary"), "status:429,retry-after:0.2");
    const started = Date.now();
    const pending = postJson(h, transport, "/v1/chat/completions", chatBody(h.route("retry")));
    await h.fake.waitFor((s) => s.requests >= 1);
    h.fake.setFault(h.model("primary"), null);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchboard-attempts")).toBe("2");
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("escalates a cascade when the cheap answer fails its gate", async () => {
    h.fake.setAnswer(h.model("primary"), { text: "I cannot help with that." });
    const id = `cascade-${transport}-${h.suffix}`;
    const res = await postJson(h, transport, "/v1/chat/completions", chatBody(h.route("cascade")), {
      "x-request-id": id,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchboard-model")).toBe(h.model("big"));
    const decision = await readDecision(h, id);
    expect(decision?.escalated).toBe(true);
    expect(decision?.attempts.map((a) => [a.kind, a.outcome])).toEqual([
      ["attempt", "gate_failed"],
      ["escalation", "success"],
    ]);
    expect(Number(decision?.attempts[0]?.costUsd)).toBeGreaterThan(0);
  });

  it("keeps the cheap answer when it passes the gate", async () => {
    const res = await postJson(h, transport, "/v1/chat/completions", chatBody(h.route("cascade")));
    expect(res.headers.get("x-switchboard-model")).toBe(h.model("primary"));
  });
});

describe("breakers", () => {
  it("opens after consecutive failures and the engine then skips the model", async () => {
    h.fake.setFault(h.model("flaky"), "status:500");
    for (let i = 0; i < 3; i++) {
      const res = await postJson(h, "node", "/v1/chat/completions", chatBody(h.route("breaker")));
      expect(res.headers.get("x-switchboard-model")).toBe(h.model("backup"));
    }
    expect(h.services.breakers.health().get(h.model("flaky"))?.breaker).toBe("open");
    const before = h.fake.requests.filter((r) => r.model === h.model("flaky")).length;
    for (const transport of TRANSPORTS) {
      const res = await postJson(
        h,
        transport,
        "/v1/chat/completions",
        chatBody(h.route("breaker")),
      );
      expect(res.headers.get("x-switchboard-model")).toBe(h.model("backup"));
      expect(res.headers.get("x-switchboard-attempts")).toBe("1");
    }
    expect(h.fake.requests.filter((r) => r.model === h.model("flaky")).length).toBe(before);
    const explain = await postJson(h, "node", "/v1/route/explain", chatBody(h.route("breaker")));
    const body = (await explain.json()) as {
      trace: { dropped: { model: string; reason: string }[] };
    };
    expect(body.trace.dropped).toContainEqual({ model: h.model("flaky"), reason: "breaker_open" });
  });
});
