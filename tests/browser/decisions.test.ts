import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { signInPage, startConsoleApp } from "../support/console-client";
import { artifactPath, browserAvailable, launchBrowser } from "../support/browser";

describe.skipIf(!browserAvailable())("console decisions", () => {
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

  it("filters, sorts, pages and opens a decision's detail", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, app.url, "viewer@switchboard.local");
    await page.getByRole("link", { name: "Decisions" }).click();
    const table = page.getByRole("table", { name: "Decisions" });
    await table.waitFor();
    expect(await table.locator("tbody tr").count()).toBe(50);
    await page.getByRole("button", { name: "Load more decisions" }).click();
    await page.waitForFunction(
      () => document.querySelectorAll("table[aria-label=Decisions] tbody tr").length > 50,
    );

    // Cost sorts on the server: the first page holds the most expensive decisions and the next
    // page continues below them.
    const costsInTable = () =>
      table
        .locator("tbody tr td:nth-child(7)")
        .allTextContents()
        .then((t) => t.map((s) => Number(s.replace(/[^0-9.]/g, ""))));
    const settled = (header: string, dir: string) =>
      page.waitForFunction(
        ([h, d]) => {
          const t = document.querySelector("table[aria-label=Decisions]");
          const th = t?.querySelector(`th[aria-sort=${d}]`);
          return t?.getAttribute("aria-busy") === "false" && th?.textContent?.includes(h!);
        },
        [header, dir],
      );
    await table.getByRole("button", { name: /Cost/ }).click();
    await settled("Cost", "descending");
    expect(await table.locator("tbody tr").count()).toBe(50);
    await page.getByRole("button", { name: "Load more decisions" }).click();
    await page.waitForFunction(
      () => document.querySelectorAll("table[aria-label=Decisions] tbody tr").length > 50,
    );
    const allCosts = await costsInTable();
    expect([...allCosts].sort((a, b) => b - a)).toEqual(allCosts);

    const filters = page.getByRole("form", { name: "Decision filters" });
    await filters.getByLabel("Route").selectOption("support");
    await filters.getByLabel("Status").selectOption("success");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/route=support/);
    await page.waitForFunction(() =>
      [...document.querySelectorAll("table[aria-label=Decisions] tbody tr td:nth-child(2)")].every(
        (td) => td.textContent === "support",
      ),
    );
    await settled("Cost", "descending");
    const costs = await costsInTable();
    expect([...costs].sort((a, b) => b - a)).toEqual(costs);
    await page.screenshot({ path: artifactPath("ops-decisions.png"), fullPage: false });

    await filters.getByLabel("Min cost (USD)").fill("5");
    await filters.getByLabel("Max cost (USD)").fill("1");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await page.locator("#f-max-err", { hasText: "at least minCost" }).waitFor();

    await filters.getByLabel("Min cost (USD)").fill("");
    await filters.getByLabel("Max cost (USD)").fill("");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await table.waitFor();
    await table.locator("tbody tr a").first().click();
    await page.getByRole("heading", { name: /Decision/ }).waitFor();
    await page.getByRole("region", { name: "Rule trace" }).waitFor();
    await page.getByRole("region", { name: "Attempts" }).locator(".ops-wf-bar").first().waitFor();
    expect(await page.getByRole("region", { name: "Outcome" }).textContent()).toContain("Cost");
    await page.screenshot({ path: artifactPath("ops-decision-detail.png"), fullPage: true });
    await page.close();
  });
});
