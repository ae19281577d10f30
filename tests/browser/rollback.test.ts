import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { artifactPath, browserAvailable, launchBrowser } from "../support/browser";
import { DEMO_OPERATORS, signInPage, startConsoleApp } from "../support/console-client";

describe.skipIf(!browserAvailable())("console: rollback toggle", () => {
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

  it("an admin turns it on (route, reason, confirm); everyone sees the banner; turning it off restores", async () => {
    const admin = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInPage(admin, app.url, DEMO_OPERATORS.admin);
    await admin.goto(`${app.url}/routes`);
    await admin.getByRole("button", { name: "Rollback…" }).click();
    const dialog = admin.getByRole("dialog");
    const confirm = dialog.getByRole("button", { name: "Turn rollback on" });
    expect(await confirm.isDisabled()).toBe(true);
    const select = dialog.getByLabel("Known-good route");
    await select.locator("option").nth(1).waitFor({ state: "attached" });
    const route = await select.locator("option").nth(1).getAttribute("value");
    await select.selectOption(route!);
    await dialog.getByLabel("Reason").fill("Bad policy publish at 14:02");
    await confirm.click();
    await dialog.waitFor({ state: "hidden" });
    const banner = admin.locator(".rollback-banner");
    await banner.waitFor();
    const text = (await banner.textContent()) ?? "";
    expect(text).toContain(route!);
    expect(text).toContain(DEMO_OPERATORS.admin);
    expect(text).toContain("Bad policy publish");
    await admin.screenshot({ path: artifactPath("rollback-on.png"), fullPage: true });

    const viewer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInPage(viewer, app.url, DEMO_OPERATORS.viewer);
    await viewer.goto(`${app.url}/models`);
    await viewer.locator(".rollback-banner").waitFor();
    expect(await viewer.getByRole("button", { name: /Rollback/ }).count()).toBe(0);
    await viewer.close();

    await admin.getByRole("button", { name: /Rollback on — turn off/ }).click();
    await admin
      .getByRole("dialog")
      .getByRole("button", { name: "Turn off and restore policies" })
      .click();
    await banner.waitFor({ state: "hidden" });
    await admin.getByRole("button", { name: "Rollback…" }).waitFor();
    await admin.goto(`${app.url}/audit`);
    await admin.getByRole("table", { name: "Audit log" }).getByText("rollback.disable").waitFor();
    await admin.close();
  });
});
