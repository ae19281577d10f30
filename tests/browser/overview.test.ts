import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { signInPage, startConsoleApp } from "../support/console-client";
import { artifactPath, browserAvailable, launchBrowser } from "../support/browser";

describe.skipIf(!browserAvailable())("console overview", () => {
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

  it("shows KPIs and charts with axes and legends, switches range and grouping", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, app.url, "viewer@switchboard.local");
    await page.getByRole("region", { name: "Spend by route" }).getByRole("application").waitFor();
    expect(await page.getByText("demo data").first().isVisible()).toBe(true);
    expect(await page.locator(".ops-kpi").count()).toBe(5);
    for (const title of [
      "Savings vs baseline",
      "Error rate",
      "Escalation and fallback rate per route",
      "Latency per route",
    ]) {
      const region = page.getByRole("region", { name: title });
      await region.getByRole("application").waitFor();
      expect(await region.locator(".recharts-cartesian-axis").count()).toBeGreaterThanOrEqual(2);
      expect(await region.locator(".recharts-legend-wrapper").count()).toBe(1);
    }
    await page.screenshot({ path: artifactPath("ops-overview.png"), fullPage: true });

    await page.getByRole("combobox", { name: "Spend by" }).selectOption("tenant");
    await page.getByRole("region", { name: "Spend by tenant" }).getByRole("application").waitFor();
    expect(await page.getByRole("region", { name: "Spend by tenant" }).textContent()).toContain(
      "Acme",
    );
    await page.getByRole("button", { name: "7 d" }).click();
    await page.getByText("hour rollups").waitFor();
    await page.getByRole("button", { name: "Custom" }).click();
    await page.getByRole("button", { name: "Apply" }).click();
    expect(await page.getByRole("alert").first().textContent()).toContain("start and an end");
    await page.getByLabel("Auto-refresh (30 s)").check();
    expect(await page.getByLabel("Auto-refresh (30 s)").isChecked()).toBe(true);

    await page.setViewportSize({ width: 760, height: 900 });
    await page.screenshot({ path: artifactPath("ops-overview-half-screen.png"), fullPage: true });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    await page.close();
  });
});
