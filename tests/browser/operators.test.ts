import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { artifactPath, browserAvailable, launchBrowser } from "../support/browser";
import { signIn } from "../support/console-client";

async function signInAs(page: Page, url: string, email: string, password = "switchboard") {
  await page.goto(`${url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Overview" }).waitFor();
}

describe.skipIf(!browserAvailable())("console operators", () => {
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

  it("an admin adds an operator, changes a role and disables an account", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, app.url, "admin@switchboard.local");
    await page.getByRole("link", { name: "Operators" }).click();
    await page.getByRole("table", { name: "Operators" }).waitFor();

    const form = page.getByRole("form", { name: "New operator" });
    await form.getByRole("button", { name: "Add operator" }).click();
    expect(await form.locator("#op-email-err").textContent()).toContain("valid email");
    expect(await form.locator("#op-password-err").textContent()).toContain("8 characters");
    await form.getByLabel("Email").fill("pat@example.com");
    await form.getByLabel("Name").fill("Pat");
    await form.getByLabel("Role").selectOption("editor");
    await form.getByLabel(/Initial password/).fill("pat-password");
    await form.getByRole("button", { name: "Add operator" }).click();
    await page.getByRole("cell", { name: "pat@example.com", exact: true }).waitFor();
    await signIn(app.url, "pat@example.com", "pat-password");

    await page.getByLabel("Role of viewer@switchboard.local").selectOption("editor");
    await page.waitForFunction(
      () =>
        (
          document.querySelector(
            "select[aria-label='Role of viewer@switchboard.local']",
          ) as HTMLSelectElement | null
        )?.value === "editor",
    );
    await page.getByRole("button", { name: "Disable pat@example.com" }).click();
    await page.getByRole("button", { name: "Enable pat@example.com" }).waitFor();

    await page.getByLabel("Role of admin@switchboard.local").selectOption("viewer");
    await page.getByRole("alert").filter({ hasText: "no active admin" }).waitFor();
    expect(await page.getByLabel("Role of admin@switchboard.local").inputValue()).toBe("admin");
    await page.screenshot({ path: artifactPath("ops-operators.png"), fullPage: true });
    await page.close();
  });

  it("is hidden from non-admins and refused by the API", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, app.url, "editor@switchboard.local");
    expect(await page.getByRole("link", { name: "Operators" }).count()).toBe(0);
    await page.goto(`${app.url}/operators`);
    await page.getByText("needs the admin role").waitFor();
    const editor = await signIn(app.url, "editor@switchboard.local", "switchboard");
    expect((await editor.get("/api/console/operators")).status).toBe(403);
    await page.close();
  });
});
