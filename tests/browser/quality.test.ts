import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { signInPage, startConsoleApp } from "../support/console-client";
import { artifactPath, browserAvailable, launchBrowser } from "../support/browser";

interface Row {
  id: string;
  strategy: string;
}

/** A demo cascade decision of `route` that has feedback (the seed gives one decision in 40). */
async function findDecisionWithFeedback(page: Page, base: string, route: string): Promise<string> {
  let cursor: string | null = null;
  for (let pageNo = 0; pageNo < 10; pageNo++) {
    const list = await page.request.get(
      `${base}/api/console/decisions?route=${route}&limit=100${cursor ? `&cursor=${cursor}` : ""}`,
    );
    const body = (await list.json()) as { items: Row[]; nextCursor: string | null };
    for (const d of body.items.filter((x) => x.strategy === "cascade")) {
      const fb = await page.request.get(`${base}/api/console/decisions/${d.id}/feedback`);
      const { feedback } = (await fb.json()) as { feedback: unknown[] };
      if (feedback.length > 0) return d.id;
    }
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  throw new Error(`no demo decision of ${route} with feedback`);
}

describe.skipIf(!browserAvailable())("console quality", () => {
  let app: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    app = await startConsoleApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("shows a route's quality per model and per policy version, readable on a phone", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, app.url, "viewer@switchboard.local");
    await page.goto(`${app.url}/routes/support`);
    const section = page.getByRole("region", { name: "Quality" });
    const table = section.getByRole("table", { name: "Quality totals" });
    await table.waitFor();
    const all = table
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: "All" }) });
    // Totals carry a rate, its interval and a count; demo feedback declares helpful and rating.
    await expect.poll(() => all.textContent()).toMatch(/%.*\(.*–.*\).*n=/);
    expect(await table.locator("thead").textContent()).toMatch(/helpful.*rating/);
    await section.getByRole("region", { name: "Gate pass rate" }).waitFor();
    await section.getByRole("region", { name: "helpful (share)" }).waitFor();
    await section.getByRole("region", { name: "rating (mean)" }).waitFor();

    await section
      .getByRole("group", { name: "Group by" })
      .getByRole("button", { name: "Policy version" })
      .click();
    await table.getByRole("columnheader", { name: "Policy version" }).waitFor();
    await table
      .getByRole("rowheader", { name: /^v\d+$/ })
      .first()
      .waitFor();
    await page.screenshot({ path: artifactPath("quality-route.png"), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await table.waitFor();
    // The table scrolls inside its own box: the section never sticks out of a phone's screen.
    const box = await section.evaluate((el) => ({
      right: el.getBoundingClientRect().right,
      viewport: window.innerWidth,
      tableScrolls: (el.querySelector(".ops-table-wrap")?.scrollWidth ?? 0) > 0,
    }));
    expect(box.right).toBeLessThanOrEqual(box.viewport + 1);
    expect(box.tableScrolls).toBe(true);
    await section.screenshot({ path: artifactPath("quality-route-phone.png") });
    await page.close();
  });

  it("shows a decision's gate outcomes with values and thresholds, and its feedback", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, app.url, "viewer@switchboard.local");
    const id = await findDecisionWithFeedback(page, app.url, "support");
    await page.goto(`${app.url}/decisions/${id}`);
    const feedback = page.getByRole("region", { name: "Feedback" });
    await feedback.getByRole("rowheader", { name: "helpful" }).waitFor();
    expect(await feedback.textContent()).toMatch(/user/);
    const gates = page.getByRole("region", { name: "Gate results" });
    const minLength = gates.getByRole("row").filter({ hasText: "min length" }).first();
    await minLength.waitFor();
    expect(await minLength.textContent()).toMatch(/≥ 20/);
    await page.screenshot({ path: artifactPath("quality-decision.png"), fullPage: true });
    await page.close();
  });
});
