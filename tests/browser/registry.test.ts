import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { artifactPath, browserAvailable, launchBrowser } from "../support/browser";
import { DEMO_OPERATORS, signIn, signInPage, startConsoleApp } from "../support/console-client";

describe.skipIf(!browserAvailable())("console: registry, chains, audit, viewer", () => {
  let app: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    app = await startConsoleApp();
    browser = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("adds a model (errors next to fields first), then finds it in the sortable table", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, app.url, DEMO_OPERATORS.editor);
    await page.goto(`${app.url}/models`);
    const table = page.getByRole("table", { name: "Models" });
    await table.waitFor();
    await page.screenshot({ path: artifactPath("models.png"), fullPage: true });
    await page.getByRole("button", { name: "Add model" }).click();
    const form = page.getByRole("form", { name: "Add a model" });
    await form.getByRole("button", { name: "Add model" }).click();
    await form.locator(".field-invalid").first().waitFor();
    expect(await form.locator(".field-invalid").count()).toBeGreaterThan(2);

    await form.getByLabel("Name (slug)").fill("browser-model");
    const provider = form.getByLabel("Provider");
    const options = await provider
      .locator("option")
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await provider.selectOption(options.find((v) => v !== "")!);
    await form.getByLabel("Upstream model name").fill("browser-upstream");
    await form.getByLabel("Display name").fill("Browser model");
    await form.getByLabel("Input price ($ / 1M tokens)").fill("0.3");
    await form.getByLabel("Output price ($ / 1M tokens)").fill("1.2");
    await form.getByLabel("Context window (tokens)").fill("200000");
    await form.getByLabel("Max output (tokens)").fill("8192");
    await form.getByLabel("tools").check();
    await form.getByRole("button", { name: "Add model" }).click();
    await form.waitFor({ state: "hidden" });
    const row = table.locator("tr", { hasText: "browser-model" });
    await row.waitFor();
    expect(await row.textContent()).toContain("200,000");
    expect(await row.textContent()).toContain("$0.30");
    await table.getByRole("button", { name: /Input/ }).click();
    await table.getByRole("button", { name: /Input/ }).click();
    expect(await table.locator("th[aria-sort='descending']").textContent()).toContain("Input");
    await page.close();
  });

  it("shows providers (admin tests a connection), chains and the audit log with a diff", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, app.url, DEMO_OPERATORS.admin);
    await page.goto(`${app.url}/providers`);
    const table = page.getByRole("table", { name: "Providers" });
    await table.waitFor();
    const sim = table.locator("tr", { hasText: "simulator" }).first();
    await sim.getByRole("button", { name: "Test connection" }).click();
    await sim.getByText(/OK in|✗/).waitFor();
    await page.screenshot({ path: artifactPath("providers.png"), fullPage: true });

    await page.goto(`${app.url}/chains`);
    await page.getByRole("table", { name: "Fallback chains" }).waitFor();
    await page.screenshot({ path: artifactPath("chains.png"), fullPage: true });

    await page.goto(`${app.url}/audit`);
    const audit = page.getByRole("table", { name: "Audit log" });
    await audit
      .locator("tr", { hasText: "model.create" })
      .first()
      .getByRole("button", { name: "Show changes" })
      .click();
    await page.getByText("browser-model").first().waitFor();
    await page.screenshot({ path: artifactPath("audit.png"), fullPage: true });
    await page.close();
  });

  it("a viewer cannot edit: no buttons in the UI, and the API refuses", async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
    await signInPage(page, app.url, DEMO_OPERATORS.viewer);
    await page.goto(`${app.url}/models`);
    await page.getByRole("table", { name: "Models" }).waitFor();
    expect(await page.getByRole("button", { name: "Add model" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Edit" }).count()).toBe(0);
    expect(await page.getByRole("checkbox", { disabled: false }).count()).toBe(0);
    await page.goto(`${app.url}/routes`);
    await page.getByRole("table", { name: "Routes" }).getByRole("link").first().click();
    await page.getByText("You have the viewer role").waitFor();
    expect(await page.getByRole("button", { name: "Publish new version" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /Revert to/ }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Rollback…" }).count()).toBe(0);
    await page.screenshot({ path: artifactPath("viewer-route.png"), fullPage: true });
    const api = await signIn(app.url, DEMO_OPERATORS.viewer, "switchboard");
    const res = await api.post<{ code: string }>("/api/console/models", { slug: "x" });
    expect(res.status).toBe(403);
    await page.close();
  });
});
