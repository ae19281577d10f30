import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { artifactPath, browserAvailable, launchBrowser } from "../support/browser";
import { signIn, signInPage, startConsoleApp } from "../support/console-client";

describe.skipIf(!browserAvailable())("console operators", () => {
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

  it("an admin adds an operator, changes a role and disables an account", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, app.url, "admin@switchboard.local");
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
    await signInPage(page, app.url, "editor@switchboard.local");
    expect(await page.getByRole("link", { name: "Operators" }).count()).toBe(0);
    await page.goto(`${app.url}/operators`);
    await page.getByText("needs the admin role").waitFor();
    const editor = await signIn(app.url, "editor@switchboard.local", "switchboard");
    expect((await editor.get("/api/console/operators")).status).toBe(403);
    await page.close();
  });

  it("an admin resets a password; the operator signs in with it and changes it again", async () => {
    const admin = await signIn(app.url, "admin@switchboard.local", "switchboard");
    const email = "sam@example.com";
    const created = await admin.post("/api/console/operators", {
      email,
      name: "Sam",
      role: "viewer",
      password: "sam-password-1",
    });
    expect(created.status).toBe(201);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, app.url, "admin@switchboard.local");
    await page.goto(`${app.url}/operators`);
    await page.getByLabel("Search operators").fill("sam@");
    await page.getByRole("button", { name: `Reset password of ${email}` }).click();
    const dialog = page.getByRole("dialog", { name: `Reset the password of ${email}` });
    await dialog.getByLabel("New password").fill("short");
    await dialog.getByRole("button", { name: "Set password" }).click();
    await dialog.getByText("At least 8 characters.", { exact: true }).waitFor();
    await dialog.getByLabel("New password").fill("sam-password-2");
    await dialog.getByRole("button", { name: "Set password" }).click();
    await page.getByText(`New password set for ${email}`).waitFor();
    await page.close();

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const sam = await context.newPage();
    await signInPage(sam, app.url, email, "sam-password-2");
    await sam.getByRole("link", { name: email }).click();
    const form = sam.getByRole("form", { name: "Change password" });
    await form.getByLabel("Current password").fill("sam-password-2");
    await form.getByLabel("New password", { exact: true }).fill("sam-password-3");
    await form.getByLabel("Repeat new password").fill("sam-password-3");
    await form.getByRole("button", { name: "Change password" }).click();
    await form.getByText("Password changed.").waitFor();
    // This tab signed in again with the new password: the console still works here.
    await sam.goto(`${app.url}/routes`);
    await sam.getByRole("heading", { name: "Routes & policies" }).waitFor();
    await signIn(app.url, email, "sam-password-3");
    await context.close();
  });
});
