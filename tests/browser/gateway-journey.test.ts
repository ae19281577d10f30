import OpenAI from "openai";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { artifactPath, browserAvailable, launchBrowser } from "../support/browser";
import {
  DEMO_OPERATORS,
  signInDemoRoles,
  signInPage,
  startConsoleApp,
  type ConsoleClient,
} from "../support/console-client";

interface RouteView {
  activeVersion: { id: string; version: number } | null;
  document: { rules: unknown[] } & Record<string, unknown>;
}

/**
 * The journeys that cross both halves: an operator publishes a rule, a client app calls the API
 * with the OpenAI SDK, and the decision shows that rule in the console; the rollback toggle sends
 * the next request to the known-good route and turning it off restores the policy.
 */
describe.skipIf(!browserAvailable())("journey: console ⇄ gateway", () => {
  let app: AppServer;
  let browser: Browser;
  let editor: ConsoleClient;
  let admin: ConsoleClient;
  let client: OpenAI;

  beforeAll(async () => {
    app = await startConsoleApp();
    browser = await launchBrowser();
    ({ editor, admin } = await signInDemoRoles(app.url));
    expect(app.apiKey).toBeTruthy();
    client = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: app.apiKey!, maxRetries: 0 });
  }, 600_000);

  afterAll(async () => {
    await admin?.put("/api/console/rollback", { enabled: false, reason: "test cleanup" });
    await browser?.close();
    await app?.stop();
  });

  it("publishes a rule, routes an SDK request by it, and shows the decision with that rule", async () => {
    const route = await editor.get<RouteView>("/api/console/routes/support");
    expect(route.status).toBe(200);
    const rule = {
      id: "journey-rule",
      when: { type: "metadata", field: "task", equals: "journey" },
      then: { strategy: "single", model: "gpt-4.1-nano" },
    };
    const document = { ...route.body.document, rules: [rule, ...route.body.document.rules] };
    const published = await editor.post("/api/console/routes/support/versions", {
      document,
      comment: "journey: send task=journey to gpt-4.1-nano",
      baseVersionId: route.body.activeVersion?.id ?? null,
    });
    expect(published.status).toBe(201);

    // The gateway picks the new version up within a second (revision poll); allow some slack.
    let served = "";
    let decisionId = "";
    for (let i = 0; i < 20 && served !== "gpt-4.1-nano"; i++) {
      const { data, response } = await client.chat.completions
        .create({
          model: "support",
          messages: [{ role: "user", content: "Where is my parcel?" }],
          metadata: { task: "journey" },
        })
        .withResponse();
      served = response.headers.get("x-switchboard-model") ?? "";
      decisionId = response.headers.get("x-switchboard-decision-id") ?? "";
      expect(data.choices[0]?.message.content).toBeTruthy();
      if (served !== "gpt-4.1-nano") await new Promise((r) => setTimeout(r, 250));
    }
    expect(served).toBe("gpt-4.1-nano");
    expect(decisionId).not.toBe("");

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, app.url, DEMO_OPERATORS.viewer);
    // Decisions are written by the batched writer (flush ≤ 1 s): poll the detail page.
    for (let i = 0; i < 20; i++) {
      await page.goto(`${app.url}/decisions/${decisionId}`);
      if ((await page.getByText("journey-rule").count()) > 0) break;
      await page.waitForTimeout(500);
    }
    await page.getByText("journey-rule").first().waitFor();
    const body = (await page.locator("main").textContent()) ?? "";
    expect(body).toContain("gpt-4.1-nano");
    await page.screenshot({ path: artifactPath("journey-decision.png"), fullPage: true });

    await page.goto(`${app.url}/decisions`);
    await page.locator(`a[href="/decisions/${decisionId}"]`).first().waitFor();
    await page.close();
  });

  it("rollback sends the next request to the known-good route, and off restores the policy", async () => {
    const on = await admin.put("/api/console/rollback", {
      enabled: true,
      routeSlug: "auto",
      reason: "journey: bad publish",
    });
    expect(on.status).toBe(200);

    const routeOf = async (): Promise<string> => {
      const { response } = await client.chat.completions
        .create({ model: "support", messages: [{ role: "user", content: "Hello" }] })
        .withResponse();
      return response.headers.get("x-switchboard-route") ?? "";
    };
    const waitForRoute = async (expected: string): Promise<number> => {
      const started = Date.now();
      while (Date.now() - started < 10_000) {
        if ((await routeOf()) === expected) return Date.now() - started;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`requests never reached route ${expected}`);
    };
    await waitForRoute("auto");

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInPage(page, app.url, DEMO_OPERATORS.viewer);
    await page.locator(".rollback-banner").waitFor();
    expect(await page.locator(".rollback-banner").textContent()).toContain("journey: bad publish");
    await page.close();

    const off = await admin.put("/api/console/rollback", { enabled: false, reason: "fixed" });
    expect(off.status).toBe(200);
    await waitForRoute("support");
  });
});
