// Hedged attempts (gateway option hedgeAfterMs; non-streamed calls here, streams in
// stream-hedging.test.ts): a second attempt on the next plan step after the delay, the first
// valid answer wins, the loser is aborted upstream.
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
let h: Harness;

beforeAll(async () => {
  h = await startHarness(await getTestDb(), {
    models: [{ name: "primary" }, { name: "backup" }],
    services: { hedgeAfterMs: 150 },
  });
  await h.createRoute("hedged", {
    schemaVersion: 1,
    rules: [],
    default: {
      strategy: "fallback",
      steps: [
        { model: h.model("primary"), timeoutMs: 20_000 },
        { model: h.model("backup"), timeoutMs: 20_000 },
      ],
      triggers: ["timeout", "connect", "server_error", "rate_limited"],
    },
  });
  await h.createRoute("short", {
    schemaVersion: 1,
    rules: [],
    default: {
      strategy: "fallback",
      steps: [
        { model: h.model("primary"), timeoutMs: 400 },
        { model: h.model("backup"), timeoutMs: 20_000 },
      ],
      triggers: ["timeout", "connect", "server_error", "rate_limited"],
    },
  });
});
afterAll(() => h?.close());
beforeEach(() => {
  h.fake.reset();
  h.services.breakers.reset();
});

const attemptsOf = async (id: string) =>
  (await readDecision(h, id))?.attempts.map((a) => [a.model, a.kind, a.outcome]);

describe.each(TRANSPORTS)("hedging over %s", (transport) => {
  it("hedges a slow attempt on the next step; the hedge wins and the slow call is aborted", async () => {
    h.fake.setFault(h.model("primary"), "delay:10000");
    const id = `hedge-win-${transport}-${h.suffix}`;
    const res = await postJson(h, transport, "/v1/chat/completions", chatBody(h.route("hedged")), {
      "x-request-id": id,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchboard-model")).toBe(h.model("backup"));
    await h.fake.waitFor((s) => s.clientAborts >= 1, 5000);
    expect(await attemptsOf(id)).toEqual([
      [h.model("primary"), "attempt", "cancelled"],
      [h.model("backup"), "hedge", "success"],
    ]);
    expect((await readDecision(h, id))?.status).toBe("success");
  });

  it("the first attempt still wins when it answers first; the hedge is cancelled", async () => {
    h.fake.setFault(h.model("primary"), "delay:400");
    h.fake.setFault(h.model("backup"), "delay:10000");
    const id = `hedge-lose-${transport}-${h.suffix}`;
    const res = await postJson(h, transport, "/v1/chat/completions", chatBody(h.route("hedged")), {
      "x-request-id": id,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchboard-model")).toBe(h.model("primary"));
    await h.fake.waitFor((s) => s.clientAborts >= 1, 5000);
    expect(await attemptsOf(id)).toEqual([
      [h.model("primary"), "attempt", "success"],
      [h.model("backup"), "hedge", "cancelled"],
    ]);
  });

  it("a first attempt failing while the hedge runs leaves the answer to the hedge", async () => {
    h.fake.setFault(h.model("primary"), "stall-headers"); // times out at 400 ms, after the hedge started
    h.fake.setFault(h.model("backup"), "delay:1500");
    const id = `hedge-fail-${transport}-${h.suffix}`;
    const res = await postJson(h, transport, "/v1/chat/completions", chatBody(h.route("short")), {
      "x-request-id": id,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchboard-model")).toBe(h.model("backup"));
    expect(await attemptsOf(id)).toEqual([
      [h.model("primary"), "attempt", "error"],
      [h.model("backup"), "hedge", "success"],
    ]);
  });

  it("when both fail the plan does not run the hedged step again", async () => {
    h.fake.setFault(h.model("primary"), "stall-headers");
    h.fake.setFault(h.model("backup"), "status:503");
    const id = `hedge-both-${transport}-${h.suffix}`;
    const res = await postJson(h, transport, "/v1/chat/completions", chatBody(h.route("short")), {
      "x-request-id": id,
    });
    expect(res.status).toBe(504); // the first attempt's error (a timeout) is the one reported
    expect(await attemptsOf(id)).toEqual([
      [h.model("primary"), "attempt", "error"],
      [h.model("backup"), "hedge", "error"],
    ]);
    expect(h.fake.stats.requests).toBe(2);
  });

  it("answers without a hedge when the first attempt is fast", async () => {
    const id = `hedge-none-${transport}-${h.suffix}`;
    await postJson(h, transport, "/v1/chat/completions", chatBody(h.route("hedged")), {
      "x-request-id": id,
    });
    expect(await attemptsOf(id)).toEqual([[h.model("primary"), "attempt", "success"]]);
    expect(h.fake.stats.requests).toBe(1);
  });
});
