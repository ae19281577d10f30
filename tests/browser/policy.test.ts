import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { artifactPath, browserAvailable, launchBrowser } from "../support/browser";
import { DEMO_OPERATORS, signIn, signInPage, startConsoleApp } from "../support/console-client";

describe.skipIf(!browserAvailable())("console: routes and policies", () => {
  let app: AppServer;
  let browser: Browser;
  let page: Page;
  let route: string;

  beforeAll(async () => {
    app = await startConsoleApp();
    browser = await launchBrowser();
    const api = await signIn(app.url, DEMO_OPERATORS.editor, "switchboard");
    const res = await api.get<{ routes: { slug: string; requests24h: number }[] }>(
      "/api/console/routes",
    );
    route = res.body.routes
      .filter((r) => r.requests24h > 0)
      .sort((a, b) => b.requests24h - a.requests24h)[0]!.slug;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, app.url, DEMO_OPERATORS.editor);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("lists routes with version and traffic, sortable", async () => {
    await page.goto(`${app.url}/routes`);
    await page.getByRole("heading", { name: "Routes & policies" }).waitFor();
    const table = page.getByRole("table", { name: "Routes" });
    await table.getByRole("link", { name: route }).waitFor();
    await table.getByRole("button", { name: /Route/ }).click();
    expect(await table.locator("th[aria-sort='ascending']").count()).toBe(1);
    await page.screenshot({ path: artifactPath("routes.png"), fullPage: true });
  });

  it("adds a rule through the form with live validation, dry-runs it and publishes it", async () => {
    await page.goto(`${app.url}/routes/${route}`);
    await page.getByRole("heading", { name: route }).waitFor();
    await page.getByText("Valid policy").waitFor();
    await page.getByRole("button", { name: "+ Add rule" }).click();
    const rules = page.locator(".rule-card");
    const rule = rules.last();
    // A bad id shows the schema's message next to the field as you type.
    await rule.getByLabel("Rule id").fill("Bad Id");
    await rule.getByText("rule ids are lowercase slugs").first().waitFor();
    expect(await page.getByRole("status").filter({ hasText: "problem" }).count()).toBeGreaterThan(
      0,
    );
    await rule.getByLabel("Rule id").fill("faq-small");
    await rule.getByLabel("Equals").fill("faq");
    const modelSelect = rule.getByLabel("Model", { exact: true });
    // The registry's models arrive with their own query: wait for more than "Choose…".
    await expect.poll(() => modelSelect.locator("option").count()).toBeGreaterThan(1);
    const options = await modelSelect.locator("option").allTextContents();
    await modelSelect.selectOption(
      options.find((o) => /mini|haiku|small|nano/.test(o)) ?? options[1]!,
    );
    await page.getByText("Valid policy · unsaved changes").waitFor();
    // Move it to the top so it matches first.
    for (let i = 0; i < 5; i++) {
      const up = page.getByRole("button", { name: "Move rule faq-small up" });
      if (!(await up.isVisible()) || (await up.isDisabled())) break;
      await up.click();
    }
    await page.getByRole("button", { name: "Dry run draft" }).click();
    const result = page.getByLabel("Dry run result");
    await result.waitFor();
    expect(await result.textContent()).toContain("Would change model");
    await page.screenshot({ path: artifactPath("policy-editor-dry-run.png"), fullPage: true });

    await page.getByRole("tab", { name: "JSON" }).click();
    expect(await page.getByLabel("Policy document").inputValue()).toContain("faq-small");
    await page.getByRole("tab", { name: "Rules" }).click();

    await page.getByLabel("Comment", { exact: true }).fill("Send FAQ traffic to a small model");
    await page.getByRole("button", { name: "Publish new version" }).click();
    const history = page.locator("section[aria-labelledby='history-title']");
    await history.getByText("Send FAQ traffic to a small model").waitFor();
    await page.getByText("Valid policy").first().waitFor();
    // The newest version (first row) carries the active badge.
    await history
      .locator("tbody tr")
      .first()
      .locator(".badge", { hasText: /^active$/ })
      .waitFor();
  });

  it("shows a diff between versions and reverts to the previous one", async () => {
    const history = page.locator("section[aria-labelledby='history-title']");
    await history.getByRole("button", { name: "Diff with previous" }).click();
    await page
      .getByLabel(/Changes from v\d+ to v\d+/)
      .getByText("faq-small")
      .first()
      .waitFor();
    await page.screenshot({ path: artifactPath("policy-version-diff.png"), fullPage: true });
    const revertButton = history.getByRole("button", { name: /Revert to v/ }).first();
    const label = (await revertButton.textContent()) ?? "";
    await revertButton.click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Comment (optional)").fill("Undo FAQ change");
    await dialog.getByRole("button", { name: /Make v\d+ active/ }).click();
    await dialog.waitFor({ state: "hidden" });
    const version = label.replace("Revert to ", "");
    await page.locator("header .badge", { hasText: version }).waitFor();
    // The header badge can update before the history table refetches; wait for the
    // table's one "active" badge to move to the reverted version's row.
    const activeBadge = page.locator(".badge", { hasText: /^active$/ });
    const activeRow = history.locator("tbody tr", { has: activeBadge });
    await activeRow
      .locator("td")
      .first()
      .filter({ hasText: new RegExp(`^${version} active$`) })
      .waitFor();
    expect(await activeRow.count()).toBe(1);
  });

  it("fits a laptop half-screen (720 px) without horizontal page scrolling", async () => {
    await page.setViewportSize({ width: 720, height: 900 });
    await page.goto(`${app.url}/routes/${route}`);
    await page.getByText("Valid policy").first().waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: artifactPath("policy-editor-720px.png"), fullPage: true });
  });

  it("edits a route's description, then deletes the route through the confirm dialog", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const api = await signIn(app.url, DEMO_OPERATORS.editor, "switchboard");
    const slug = "browser-doomed";
    const source = (await api.get<RouteDetailBody>(`/api/console/routes/${route}`)).body;
    const created = await api.post("/api/console/routes", { slug, document: source.document });
    expect(created.status).toBe(201);

    await page.goto(`${app.url}/routes/${slug}`);
    await page.getByRole("heading", { name: slug }).waitFor();
    await page.getByRole("button", { name: "Edit settings" }).click();
    const form = page.getByRole("form", { name: "Route settings" });
    await form.getByLabel("Description").fill("Soon to be deleted");
    await form.getByRole("button", { name: "Save settings" }).click();
    await page.locator("header").getByText("Soon to be deleted").waitFor();

    await page.getByRole("button", { name: "Delete route" }).click();
    const dialog = page.getByRole("dialog", { name: `Delete route ${slug}?` });
    await dialog.getByRole("button", { name: "Delete route" }).click();
    await page.getByRole("heading", { name: "Routes & policies" }).waitFor();
    await page.getByRole("table", { name: "Routes" }).getByRole("link", { name: route }).waitFor();
    expect(await page.getByRole("link", { name: slug, exact: true }).count()).toBe(0);
    expect((await api.get(`/api/console/routes/${slug}`)).status).toBe(404);
  });
});

interface RouteDetailBody {
  document: unknown;
}
