// The policy's hedge delay (action `hedgeAfterMs`, else the policy settings') overrides the
// gateway's default (150 ms here): later, earlier, or off; explained by /v1/route/explain.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PolicyDocumentInput } from "@/lib/schemas/policy";
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
type FallbackAction = Extract<PolicyDocumentInput["default"], { strategy: "fallback" }>;
const triggers: ProviderErrorClass[] = ["timeout", "connect", "server_error", "rate_limited"];

beforeAll(async () => {
  h = await startHarness(await getTestDb(), {
    models: [{ name: "primary" }, { name: "backup" }],
    services: { hedgeAfterMs: 150 },
  });
  const pair = (extra: Partial<FallbackAction> = {}): FallbackAction => ({
    strategy: "fallback",
    steps: [
      { model: h.model("primary"), timeoutMs: 20_000 },
      { model: h.model("backup"), timeoutMs: 20_000 },
    ],
    triggers,
    ...extra,
  });
  await h.createRoute("inherit", { schemaVersion: 1, rules: [], default: pair() });
  await h.createRoute("late", {
    schemaVersion: 1,
    rules: [],
    default: pair({ hedgeAfterMs: 1500 }),
  });
  await h.createRoute("off", {
    schemaVersion: 1,
    settings: { hedgeAfterMs: null },
    rules: [
      {
        id: "urgent",
        when: { type: "tag", anyOf: ["urgent"] },
        then: pair({ hedgeAfterMs: 50 }),
      },
    ],
    default: pair(),
  });
});
afterAll(() => h?.close());
beforeEach(() => {
  h.fake.reset();
  h.services.breakers.reset();
  h.fake.setFault(h.model("primary"), "delay:400"); // slower than 150 ms, faster than 1500 ms
});

const attemptsOf = async (id: string) =>
  (await readDecision(h, id))?.attempts.map((a) => [a.model, a.kind, a.outcome]);

describe.each(TRANSPORTS)("policy hedge delay over %s", (transport) => {
  it.each([
    [false, "inherit", {}, true],
    [true, "inherit", {}, true],
    [false, "late", {}, false],
    [true, "late", {}, false],
    [false, "off", {}, false],
    [true, "off", {}, false],
    [false, "off", { "x-switchboard-tags": "urgent" }, true],
    [true, "off", { "x-switchboard-tags": "urgent" }, true],
  ])("stream=%s route %s %o hedges: %s", async (stream, route, headers, hedged) => {
    const id = `hp-${route}-${String(stream)}-${Object.keys(headers).length}-${transport}-${h.suffix}`;
    const res = await postJson(
      h,
      transport,
      "/v1/chat/completions",
      chatBody(h.route(route), { stream }),
      {
        "x-request-id": id,
        ...headers,
      },
    );
    expect(res.status).toBe(200);
    await res.text();
    expect(await attemptsOf(id)).toEqual(
      hedged
        ? [
            [h.model("primary"), "attempt", "cancelled"],
            [h.model("backup"), "hedge", "success"],
          ]
        : [[h.model("primary"), "attempt", "success"]],
    );
  });

  it("explains the delay and where it came from", async () => {
    const explain = async (route: string, headers: Record<string, string> = {}) => {
      const res = await postJson(
        h,
        transport,
        "/v1/route/explain",
        chatBody(h.route(route)),
        headers,
      );
      expect(res.status).toBe(200);
      return (await res.json()) as {
        hedge_after_ms: number | null;
        decision: { plan: { hedgeAfterMs?: number | null } };
        trace: { hedge?: { afterMs: number | null; source: string } };
      };
    };
    const inherit = await explain("inherit");
    expect(inherit.hedge_after_ms).toBe(150);
    expect(inherit.trace.hedge).toBeUndefined();
    const late = await explain("late");
    expect(late.hedge_after_ms).toBe(1500);
    expect(late.trace.hedge).toEqual({ afterMs: 1500, source: "default action" });
    const off = await explain("off");
    expect(off.hedge_after_ms).toBeNull();
    expect(off.decision.plan.hedgeAfterMs).toBeNull();
    expect(off.trace.hedge).toEqual({ afterMs: null, source: "policy settings" });
    const urgent = await explain("off", { "x-switchboard-tags": "urgent" });
    expect(urgent.trace.hedge).toEqual({ afterMs: 50, source: "rule urgent" });
  });
});
