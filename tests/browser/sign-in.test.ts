import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { artifactPath, browserAvailable, launchBrowser } from "../support/browser";

describe.skipIf(!browserAvailable())("console sign-in", () => {
  let app: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    app = await startAppServer({ SWITCHBOARD_DEMO_HISTORY_DAYS: "1" });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("prints the demo login and API key at start", () => {
    expect(app.login?.email).toBe("admin@switchboard.local");
    expect(app.apiKey).toMatch(/^sk-sb-[A-Za-z0-9]{40}$/);
  });

  it("redirects to sign-in, rejects a wrong password, and signs the demo admin in", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel("Email").fill(app.login!.email);
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    // The form's own alert (Next's route announcer is also role=alert, so select by text).
    await page.getByRole("alert").filter({ hasText: "Wrong email or password" }).waitFor();
    expect(page.url()).toContain("/login");

    await page.getByLabel("Password").fill(app.login!.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    expect(await page.getByRole("navigation", { name: "Console" }).textContent()).toContain(
      "Routes & policies",
    );
    expect(await page.locator(".whoami").textContent()).toContain("admin");
    await page.screenshot({ path: artifactPath("overview.png"), fullPage: true });
    await page.close();
  });

  it("says how long to wait after too many failed sign-ins", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.url}/login`);
    await page.getByLabel("Email").fill("viewer@switchboard.local");
    for (let i = 0; i < 5; i++) {
      await page.getByLabel("Password").fill(`wrong-password-${i}`);
      // The button is disabled while a sign-in is pending, and click waits for it: one at a time.
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("alert").filter({ hasText: "Wrong email or password" }).waitFor();
    }
    await page.getByLabel("Password").fill("switchboard");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /Too many failed sign-ins\. Try again in \d+ minutes?\./ })
      .waitFor();
    expect(page.url()).toContain("/login");
    await page.close();
  });
});
