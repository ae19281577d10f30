import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";
import { createMetricsRoute, type MetricsAccess } from "./metrics-route";

const TOKEN = "scrape-token-0123456789abcdef";
const operator = { id: "op-1", email: "viewer@example.com", name: "Viewer", role: "viewer" };

function route(access: MetricsAccess, signedIn = false) {
  let lookups = 0;
  const handler = createMetricsRoute({
    access: () => access,
    findOperator: () => {
      lookups++;
      return Promise.resolve(signedIn ? operator : null);
    },
    expose: () => "switchboard_up 1\n",
  });
  return { handler, lookups: () => lookups };
}

const get = (headers: Record<string, string> = {}) =>
  new Request("http://localhost/api/metrics", { headers });

describe("GET /api/metrics access", () => {
  const withToken = { token: TOKEN, public: false };

  it.each([
    ["no credentials", {}],
    ["a wrong token", { authorization: "Bearer not-the-token-at-all" }],
    ["the token as Basic", { authorization: `Basic ${TOKEN}` }],
    ["an empty bearer", { authorization: "Bearer " }],
  ])("answers 401 problem+json to %s", async (_name, headers) => {
    const res = await route(withToken).handler(get(headers));
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    const body = (await res.json()) as { code: string; requestId: string; instance: string };
    expect(body.code).toBe("unauthenticated");
    expect(body.instance).toBe("/api/metrics");
    expect(body.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("serves the registry to the scrape token without a session lookup", async () => {
    const r = route(withToken);
    const res = await r.handler(get({ authorization: `bearer ${TOKEN}` }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    expect(await res.text()).toBe("switchboard_up 1\n");
    expect(r.lookups()).toBe(0);
  });

  it("serves a signed-in operator (any role), with or without a token configured", async () => {
    for (const access of [withToken, { token: null, public: false }]) {
      expect((await route(access, true).handler(get())).status).toBe(200);
    }
  });

  it("without a token configured only sessions get in (a bearer is not enough)", async () => {
    const res = await route({ token: null, public: false }).handler(
      get({ authorization: `Bearer ${TOKEN}` }),
    );
    expect(res.status).toBe(401);
  });

  it("is open to anyone only when public", async () => {
    const r = route({ token: null, public: true });
    expect((await r.handler(get())).status).toBe(200);
    expect(r.lookups()).toBe(0);
  });
});

describe("metrics environment", () => {
  it("reads the token and the public switch", () => {
    const env = parseEnv({ SWITCHBOARD_METRICS_TOKEN: TOKEN });
    expect(env.SWITCHBOARD_METRICS_TOKEN).toBe(TOKEN);
    expect(env.SWITCHBOARD_METRICS_PUBLIC).toBe(false);
    expect(parseEnv({ SWITCHBOARD_METRICS_TOKEN: "" }).SWITCHBOARD_METRICS_TOKEN).toBeUndefined();
    expect(parseEnv({ SWITCHBOARD_METRICS_PUBLIC: "true" }).SWITCHBOARD_METRICS_PUBLIC).toBe(true);
  });

  it("refuses a short token, and a token together with public", () => {
    expect(() => parseEnv({ SWITCHBOARD_METRICS_TOKEN: "short" })).toThrow(ConfigError);
    expect(() =>
      parseEnv({ SWITCHBOARD_METRICS_TOKEN: TOKEN, SWITCHBOARD_METRICS_PUBLIC: "true" }),
    ).toThrow(/SWITCHBOARD_METRICS_PUBLIC/);
  });

  it("reads the gateway's default hedge delay", () => {
    expect(parseEnv({ SWITCHBOARD_HEDGE_AFTER_MS: "250" }).SWITCHBOARD_HEDGE_AFTER_MS).toBe(250);
    expect(parseEnv({}).SWITCHBOARD_HEDGE_AFTER_MS).toBeUndefined();
    expect(() => parseEnv({ SWITCHBOARD_HEDGE_AFTER_MS: "5" })).toThrow(ConfigError);
    expect(() => parseEnv({ SWITCHBOARD_HEDGE_AFTER_MS: "abc" })).toThrow(ConfigError);
  });
});
