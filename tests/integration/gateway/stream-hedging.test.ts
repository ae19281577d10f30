// Hedged streams (gateway option hedgeAfterMs): the hedge starts when the first attempt has not
// produced its first content token within the delay; the attempt whose first content comes first
// streams, the other is aborted upstream and billed for what it reported. Both transports.
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
import type { ProviderErrorClass } from "@/lib/vocabulary";

afterAll(closeTestDb);
let h: Harness;
const TRIGGERS: ProviderErrorClass[] = [
  "timeout",
  "connect",
  "server_error",
  "rate_limited",
  "stream_interrupted",
];

beforeAll(async () => {
  h = await startHarness(await getTestDb(), {
    models: [{ name: "primary" }, { name: "backup" }, { name: "third" }],
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
      triggers: TRIGGERS,
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
      triggers: TRIGGERS,
    },
  });
  await h.createRoute("three", {
    schemaVersion: 1,
    rules: [],
    default: {
      strategy: "fallback",
      steps: [
        { model: h.model("primary"), timeoutMs: 400 },
        { model: h.model("backup"), timeoutMs: 20_000 },
        { model: h.model("third"), timeoutMs: 20_000 },
      ],
      triggers: TRIGGERS,
    },
  });
});
afterAll(() => h?.close());
beforeEach(() => {
  h.fake.reset();
  h.services.breakers.reset();
  for (const name of ["primary", "backup", "third"]) {
    h.fake.setAnswer(h.model(name), { text: `Answer from ${name} only.` });
  }
});

const attemptsOf = async (id: string) =>
  (await readDecision(h, id))?.attempts.map((a) => [a.model, a.kind, a.outcome]);

function stream(transport: "node" | "web", route: string, id: string): Promise<Response> {
  return postJson(
    h,
    transport,
    "/v1/chat/completions",
    chatBody(h.route(route), { stream: true }),
    {
      "x-request-id": id,
    },
  );
}

describe.each(TRANSPORTS)("stream hedging over %s", (transport) => {
  it("hedges a stream stuck before its first token; the hedge streams, the first is aborted and billed", async () => {
    // Headers and keep-alives, never content: the stream is open (it reported usage) but stuck.
    h.fake.setFault(h.model("primary"), "keepalive:20");
    const id = `shedge-win-${transport}-${h.suffix}`;
    const res = await stream(transport, "hedged", id);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchboard-model")).toBe(h.model("backup"));
    const text = await res.text();
    expect(text).toContain("backup");
    expect(text).not.toContain("primary"); // not one byte of the losing stream
    expect(text).not.toContain("keep-alive");
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    await h.fake.waitFor((s) => s.clientAborts >= 1, 5000);
    expect(await attemptsOf(id)).toEqual([
      [h.model("primary"), "attempt", "cancelled"],
      [h.model("backup"), "hedge", "success"],
    ]);
    const decision = await readDecision(h, id);
    expect(decision?.status).toBe("success");
    expect(decision?.finalModel).toBe(h.model("backup"));
    const [loser, winner] = decision?.attempts ?? [];
    // The loser is billed like a client disconnect: its partial (estimated) usage.
    expect(loser?.inputTokens).toBeGreaterThan(0);
    expect(loser?.outputTokens).toBe(0);
    expect(Number(loser?.costUsd)).toBeGreaterThan(0);
    expect(Number(decision?.costUsd)).toBeCloseTo(Number(loser?.costUsd) + Number(winner?.costUsd));
    expect(decision?.ttftMs).toBeGreaterThanOrEqual(150);
  });

  it("does not hedge when the first token arrives in time, however long the stream lasts", async () => {
    h.fake.setAnswer(h.model("primary"), {
      text: "one two three four five six seven eight",
      tokenDelayMs: 60,
    });
    const id = `shedge-none-${transport}-${h.suffix}`;
    const res = await stream(transport, "hedged", id);
    expect(res.status).toBe(200);
    const text = await res.text(); // ~480 ms of tokens, far past the 150 ms hedge delay
    expect(text).toContain("eight");
    expect(text).toContain("[DONE]");
    expect(await attemptsOf(id)).toEqual([[h.model("primary"), "attempt", "success"]]);
    expect(h.fake.stats.requests).toBe(1);
  });

  it("the first attempt streams when its first token beats the hedge's; the hedge is aborted", async () => {
    h.fake.setFault(h.model("primary"), "delay:400");
    h.fake.setFault(h.model("backup"), "delay:10000");
    const id = `shedge-lose-${transport}-${h.suffix}`;
    const res = await stream(transport, "hedged", id);
    expect(res.headers.get("x-switchboard-model")).toBe(h.model("primary"));
    const text = await res.text();
    expect(text).toContain("primary");
    expect(text).not.toContain("backup");
    await h.fake.waitFor((s) => s.clientAborts >= 1, 5000);
    expect(await attemptsOf(id)).toEqual([
      [h.model("primary"), "attempt", "success"],
      [h.model("backup"), "hedge", "cancelled"],
    ]);
    const hedge = (await readDecision(h, id))?.attempts[1];
    // It never answered (no headers): nothing reported, nothing billed.
    expect(hedge?.inputTokens).toBe(0);
    expect(Number(hedge?.costUsd)).toBe(0);
  });

  it("after the winner started, a failure is in-band as before (no [DONE]); the loser stays cancelled", async () => {
    h.fake.setFault(h.model("primary"), "delay:10000");
    h.fake.setFault(h.model("backup"), "cut-after:2");
    const id = `shedge-mid-${transport}-${h.suffix}`;
    const res = await stream(transport, "hedged", id);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"error"');
    expect(text).not.toContain("[DONE]");
    const decision = await readDecision(h, id);
    expect(decision?.status).toBe("mid_stream_failure");
    expect(decision?.attempts.map((a) => [a.model, a.kind, a.outcome])).toEqual([
      [h.model("primary"), "attempt", "cancelled"],
      [h.model("backup"), "hedge", "error"],
    ]);
  });

  it("when both fail before content the plan falls back past the hedged step", async () => {
    h.fake.setFault(h.model("primary"), "stall-headers"); // times out at 400 ms, hedge started at 150
    h.fake.setFault(h.model("backup"), "status:503");
    const id = `shedge-both-${transport}-${h.suffix}`;
    const res = await stream(transport, "three", id);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchboard-model")).toBe(h.model("third"));
    expect(await res.text()).toContain("third");
    expect(await attemptsOf(id)).toEqual([
      [h.model("primary"), "attempt", "error"],
      [h.model("backup"), "hedge", "error"],
      [h.model("third"), "fallback", "success"],
    ]);
    expect(h.fake.stats.requests).toBe(3);
  });

  it("when both fail and no step is left, the first attempt's error answers (nothing streamed)", async () => {
    h.fake.setFault(h.model("primary"), "stall-headers");
    h.fake.setFault(h.model("backup"), "status:503");
    const id = `shedge-none-left-${transport}-${h.suffix}`;
    const res = await stream(transport, "short", id);
    expect(res.status).toBe(504);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await attemptsOf(id)).toEqual([
      [h.model("primary"), "attempt", "error"],
      [h.model("backup"), "hedge", "error"],
    ]);
    expect(h.fake.stats.requests).toBe(2);
  });
});
