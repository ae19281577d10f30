// `/api/metrics` on the real app (npm start's entry, production mode): a scrape token or a
// console session of any role; anything else is a 401 problem+json.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { signIn, DEMO_OPERATORS, DEMO_PASSWORD } from "@/tests/support/console-client";

const TOKEN = "metrics-scrape-token-for-tests-0123";

describe("GET /api/metrics auth", () => {
  let app: AppServer;

  beforeAll(async () => {
    app = await startAppServer({
      SWITCHBOARD_DEMO_HISTORY_DAYS: "0",
      SWITCHBOARD_METRICS_TOKEN: TOKEN,
    });
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
  });

  const scrape = (headers: Record<string, string> = {}) =>
    fetch(`${app.url}/api/metrics`, { headers });

  it.each([
    ["no credentials", {}],
    ["a wrong token", { authorization: "Bearer wrong-token-wrong-token-0000" }],
    ["a forged session cookie", { cookie: "next-auth.session-token=forged" }],
  ])("refuses %s with 401 problem+json", async (_name, headers) => {
    const res = await scrape(headers);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as { code: string; requestId: string };
    expect(body.code).toBe("unauthenticated");
    expect(body.requestId).toBeTruthy();
    expect(JSON.stringify(body)).not.toContain(TOKEN);
  });

  it("serves the scrape token", async () => {
    const res = await scrape({ authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    expect(await res.text()).toContain("# TYPE switchboard_requests_total counter");
  });

  it("serves a signed-in operator of any role (viewer)", async () => {
    const viewer = await signIn(app.url, DEMO_OPERATORS.viewer, DEMO_PASSWORD);
    const res = await scrape({ cookie: viewer.cookie });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("switchboard_");
  });
});
