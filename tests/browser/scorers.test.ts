import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { artifactPath, browserAvailable, launchBrowser } from "../support/browser";
import {
  DEMO_OPERATORS,
  signIn,
  signInPage,
  startConsoleApp,
  type ConsoleClient,
} from "../support/console-client";
import { SAMPLE_PATH } from "../support/quality/sample";

interface RouteView {
  document: { default: Record<string, unknown> };
}

/**
 * The route page's Scorers panel (issue 15): upload the synthetic sample, train a version, see
 * its evaluation, choose it in the draft's score-band action and publish.
 */
describe.skipIf(!browserAvailable())("console: scorers panel", () => {
  let app: AppServer;
  let browser: Browser;
  let page: Page;
  let api: ConsoleClient;
  const route = `ui-scorers-${Date.now().toString(36)}`;

  beforeAll(async () => {
    app = await startConsoleApp();
    browser = await launchBrowser();
    api = await signIn(app.url, DEMO_OPERATORS.editor, "switchboard");
    const created = await api.post("/api/console/routes", {
      slug: route,
      contentInspection: true,
      document: {
        schemaVersion: 1,
        rules: [],
        default: { strategy: "score_band", bands: [{ upTo: 1, tier: "small" }] },
      },
    });
    expect(created.status).toBe(201);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, app.url, DEMO_OPERATORS.editor);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("uploads examples, trains a version and publishes a draft that names it", async () => {
    await page.goto(`${app.url}/routes/${route}`);
    const panel = page.locator("section[aria-labelledby='scorers-title']");
    await panel.getByText("No scorer versions yet.").waitFor();
    await panel.getByLabel("Labelled examples (JSONL)").setInputFiles(SAMPLE_PATH);
    await panel.getByRole("button", { name: "Upload" }).click();
    await panel.getByText("Imported 1,200 examples.").waitFor();
    await panel.getByRole("button", { name: "Train a new version" }).click();
    const row = panel.locator("tbody tr").first();
    await row.getByText(`learned-${route}-v1`).waitFor();
    expect(await row.locator("td").nth(1).textContent()).toBe("960");
    await page.screenshot({ path: artifactPath("scorers-panel.png"), fullPage: true });

    await page.getByLabel("Learned scorer version").fill("1");
    await page.getByLabel("Comment", { exact: true }).fill("learned scorer v1");
    await page.getByRole("button", { name: "Publish new version" }).click();
    const history = page.locator("section[aria-labelledby='history-title']");
    await history.getByText("learned scorer v1").waitFor();
    const published = await api.get<RouteView>(`/api/console/routes/${route}`);
    expect(published.body.document.default.scorer).toEqual({ kind: "learned", version: 1 });
  });
});
