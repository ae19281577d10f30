import type { Browser } from "playwright-core";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { artifactPath, browserAvailable, launchBrowser } from "../support/browser";
import { signIn, signInPage, startConsoleApp } from "../support/console-client";

describe.skipIf(!browserAvailable())("console tenants, budgets and API keys", () => {
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

  it("creates an API key shown once, which works until it is revoked", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
    const page = await context.newPage();
    await signInPage(page, app.url, "admin@switchboard.local");
    await page.goto(`${app.url}/tenants`);
    await page.getByRole("table", { name: "Tenants" }).waitFor();
    await page.screenshot({ path: artifactPath("ops-tenants.png"), fullPage: true });
    await page.getByRole("link", { name: "Acme Corp" }).click();
    await page.getByRole("heading", { name: /Acme Corp/ }).waitFor();

    const form = page.getByRole("form", { name: "New API key" });
    await form.getByRole("button", { name: "Create API key" }).click();
    expect(await form.getByRole("alert").first().textContent()).toContain("Name the key");
    await form.getByLabel("Key name").fill("browser-journey");
    await form.getByRole("button", { name: "Create API key" }).click();
    const value = page.getByLabel("New API key value");
    await value.waitFor();
    const key = await value.inputValue();
    expect(key).toMatch(/^sk-sb-[A-Za-z0-9]{40}$/);
    await page.getByRole("button", { name: "Copy", exact: true }).click();
    await page.getByRole("button", { name: "Copied" }).waitFor();
    await page.screenshot({ path: artifactPath("ops-tenant-new-key.png"), fullPage: true });

    const client = new OpenAI({ apiKey: key, baseURL: `${app.url}/v1`, maxRetries: 0 });
    await expect(client.models.list()).resolves.toBeDefined();

    await page.getByRole("button", { name: "Done" }).click();
    expect(await page.getByLabel("New API key value").count()).toBe(0);
    await page.reload();
    const table = page.getByRole("table", { name: "API keys" });
    await table.waitFor();
    expect(await page.content()).not.toContain(key);
    expect(await table.textContent()).toContain(key.slice(0, 10));

    await page.getByRole("button", { name: "Revoke browser-journey" }).click();
    await page.getByRole("button", { name: "Confirm revoking browser-journey" }).click();
    await table.getByText("revoked").waitFor();
    const deadline = Date.now() + 5_000;
    let status = 200;
    while (Date.now() < deadline && status !== 401) {
      status = await client.models.list().then(
        () => 200,
        (e: { status?: number }) => e.status ?? 0,
      );
      if (status !== 401) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(401);
    await context.close();
  });

  it("edits a budget with field errors next to the fields", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, app.url, "editor@switchboard.local");
    await page.goto(`${app.url}/tenants`);
    await page.getByRole("link", { name: "Globex" }).click();
    await page.getByRole("button", { name: "Edit daily budget" }).click();
    const form = page.getByRole("form", { name: "Daily budget form" });
    await form.getByLabel("Limit (USD)").fill("-5");
    await form.getByLabel("Soft threshold (%)").fill("150");
    await form.getByRole("button", { name: "Save budget" }).click();
    expect(await form.locator("#budget-daily-limit-err").textContent()).toContain("more than $0");
    expect(await form.locator("#budget-daily-soft-err").textContent()).toContain("100%");
    await form.getByLabel("Limit (USD)").fill("75");
    await form.getByLabel("Soft threshold (%)").fill("70");
    await form.getByRole("button", { name: "Save budget" }).click();
    await page.getByText("of $75.00").waitFor();
    expect(await page.getByRole("form", { name: "New API key" }).count()).toBe(0);
    await page.screenshot({ path: artifactPath("ops-tenant-detail.png"), fullPage: true });

    // Remove asks first: Cancel keeps the budget, confirming removes it.
    const daily = page.getByRole("group", { name: "Daily budget" });
    await daily.getByRole("button", { name: "Remove" }).click();
    const dialog = page.getByRole("dialog", { name: "Remove the daily budget?" });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await page.getByText("of $75.00").count()).toBe(1);
    await daily.getByRole("button", { name: "Remove" }).click();
    await dialog.getByRole("button", { name: "Remove budget" }).click();
    await daily.getByText("none").waitFor();
    await page.close();
  });

  it("searches tenants and pages through them with Load more", async () => {
    const editor = await signIn(app.url, "editor@switchboard.local", "switchboard");
    const tag = `pager${Date.now().toString(36)}`;
    for (let i = 0; i < 26; i++) {
      const n = String(i).padStart(2, "0");
      await editor.post("/api/console/tenants", { slug: `${tag}-${n}`, name: `${tag} ${n}` });
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, app.url, "viewer@switchboard.local");
    await page.goto(`${app.url}/tenants`);
    await page.getByLabel("Search tenants").fill(tag);
    const table = page.getByRole("table", { name: "Tenants" });
    await table.getByRole("link", { name: `${tag} 24` }).waitFor();
    expect(await table.locator("tbody tr").count()).toBe(25);
    await page.getByRole("button", { name: "Load more" }).click();
    await table.getByRole("link", { name: `${tag} 25` }).waitFor();
    expect(await table.locator("tbody tr").count()).toBe(26);
    expect(await page.getByRole("button", { name: "Load more" }).count()).toBe(0);
    // Name descending is sorted by the server: the first page starts at the top of the whole
    // list, and Load more continues the same order.
    await table.getByRole("button", { name: "Tenant" }).click();
    await table.locator("thead th[aria-sort='descending']").waitFor();
    await table
      .locator("tbody tr")
      .first()
      .getByRole("link", { name: `${tag} 25` })
      .waitFor();
    expect(await table.locator("tbody tr").count()).toBe(25);
    expect(await table.getByRole("link", { name: `${tag} 00` }).count()).toBe(0);
    await page.getByRole("button", { name: "Load more" }).click();
    await table
      .locator("tbody tr")
      .nth(25)
      .getByRole("link", { name: `${tag} 00` })
      .waitFor();
    expect(await page.getByRole("button", { name: "Load more" }).count()).toBe(0);
    await page.getByLabel("Search tenants").fill(`${tag}-nothing`);
    await page.getByText(`No tenant matches`).waitFor();
    await page.close();
  });

  it("a viewer cannot edit: the UI offers nothing and the API refuses", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, app.url, "viewer@switchboard.local");
    await page.goto(`${app.url}/tenants`);
    await page.getByRole("table", { name: "Tenants" }).waitFor();
    expect(await page.getByRole("button", { name: "New tenant" }).count()).toBe(0);
    await page.getByRole("link", { name: "Acme Corp" }).click();
    await page.getByText("Read-only").waitFor();
    expect(await page.getByRole("button", { name: "Save settings" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /Edit daily budget/ }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /Revoke/ }).count()).toBe(0);
    expect(await page.getByLabel("Name", { exact: true }).isDisabled()).toBe(true);
    await page.screenshot({ path: artifactPath("ops-tenant-viewer.png"), fullPage: true });

    const viewer = await signIn(app.url, "viewer@switchboard.local", "switchboard");
    const tenantId = page.url().split("/").pop()!;
    expect((await viewer.patch(`/api/console/tenants/${tenantId}`, { name: "x" })).status).toBe(
      403,
    );
    expect((await viewer.post("/api/console/api-keys", { tenantId, name: "x" })).status).toBe(403);
    await page.close();
  });
});
