import type { Browser, Dialog, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { artifactPath, browserAvailable, launchBrowser } from "../support/browser";
import {
  DEMO_OPERATORS,
  signIn,
  signInPage,
  startConsoleApp,
  type ConsoleClient,
} from "../support/console-client";

interface RouteView {
  activeVersion: { id: string; version: number } | null;
  document: unknown;
}

const policy = (model: string, description: string) =>
  JSON.stringify(
    {
      schemaVersion: 1,
      description,
      rules: [],
      default: { strategy: "single", model },
    },
    null,
    2,
  );

/**
 * The JSON view and leaving the editor (issue 15): malformed JSON is marked at its line and column
 * and disables Dry run and Publish (before, they acted on the last draft that parsed while the
 * indicator said "Valid policy"); an unknown model is a problem in the editor as on the server;
 * leaving with unsaved changes asks first (in-app links and beforeunload).
 */
describe.skipIf(!browserAvailable())("console: policy JSON view and unsaved changes", () => {
  let app: AppServer;
  let browser: Browser;
  let page: Page;
  let api: ConsoleClient;
  let model: string;
  const route = "support";

  beforeAll(async () => {
    app = await startConsoleApp();
    browser = await launchBrowser();
    api = await signIn(app.url, DEMO_OPERATORS.editor, "switchboard");
    const models = await api.get<{ models: { slug: string; enabled: boolean }[] }>(
      "/api/console/models",
    );
    model = models.body.models.find((m) => m.enabled)!.slug;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, app.url, DEMO_OPERATORS.editor);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const openJson = async (p: Page) => {
    await p.goto(`${app.url}/routes/${route}`);
    await p.getByText("Valid policy").first().waitFor();
    await p.getByRole("tab", { name: "JSON" }).click();
    return p.getByLabel("Policy document");
  };

  it("marks a parse error at its line and column, disables Dry run and Publish, publishes exactly the fixed text", async () => {
    const box = await openJson(page);
    const dryRun = page.getByRole("button", { name: "Dry run draft" });
    const publish = page.getByRole("button", { name: "Publish new version" });
    await page.getByLabel("Comment", { exact: true }).fill("Edited as JSON");

    // A valid edit first: it becomes the draft.
    await box.fill(policy(model, "first draft"));
    await page.getByText("Valid policy · unsaved changes").waitFor();
    expect(await publish.isEnabled()).toBe(true);

    // Then break it: `"model": }` (no value).
    const broken = policy(model, "second draft").replace(`"model": "${model}"`, `"model": }`);
    const lines = broken.split("\n");
    const at = lines.findIndex((l) => l.includes('"model": }'));
    const lineNo = at + 1;
    const column = lines[at]!.indexOf("}") + 1;
    await box.fill(broken);
    await page.getByText(`JSON does not parse (line ${lineNo}, column ${column})`).waitFor();
    const alert = page.getByRole("alert").filter({ hasText: "Not valid JSON" });
    expect(await alert.textContent()).toContain(
      `Not valid JSON at line ${lineNo}, column ${column}: expected a value, found '}'`,
    );
    expect(await page.getByLabel(`Line ${lineNo}`).textContent()).toContain('"model": }');
    expect(await page.getByText("Valid policy").count()).toBe(0);
    expect(await dryRun.isDisabled()).toBe(true);
    expect(await publish.isDisabled()).toBe(true);
    expect(await page.getByRole("tab", { name: "Rules" }).isDisabled()).toBe(true);
    await page.screenshot({ path: artifactPath("policy-json-parse-error.png"), fullPage: true });

    // An unknown model parses but fails the registry check, as it would on publish.
    await box.fill(policy("no-such-model", "third draft"));
    await page.getByText("1 problem").waitFor();
    const problems = page.getByLabel("Policy problems");
    expect(await problems.textContent()).toContain('no model named "no-such-model"');
    expect(await publish.isDisabled()).toBe(true);

    // Fixed: what is published is the text on screen, not an earlier draft.
    const fixed = policy(model, "fixed draft");
    await box.fill(fixed);
    await page.getByText("Valid policy · unsaved changes").waitFor();
    expect(await dryRun.isEnabled()).toBe(true);
    await publish.click();
    const history = page.locator("section[aria-labelledby='history-title']");
    await history.getByText("Edited as JSON").waitFor();
    const detail = await api.get<RouteView>(`/api/console/routes/${route}`);
    expect(detail.body.document).toEqual(JSON.parse(fixed));
  });

  it("asks before an in-app link leaves unsaved changes, and stays when declined", async () => {
    const box = await openJson(page);
    await box.fill(policy(model, "not saved"));
    await page.getByText("Valid policy · unsaved changes").waitFor();

    const seen: { type: string; message: string }[] = [];
    let accept = false;
    const onDialog = (dialog: Dialog) => {
      seen.push({ type: dialog.type(), message: dialog.message() });
      void (accept ? dialog.accept() : dialog.dismiss());
    };
    page.on("dialog", onDialog);
    try {
      const nav = page.getByRole("navigation", { name: "Console" });
      await nav.getByRole("link", { name: "Decisions" }).click();
      await expect.poll(() => seen.length).toBe(1);
      expect(seen[0]).toEqual({
        type: "confirm",
        message: "You have unsaved changes. Leave this page and lose them?",
      });
      expect(new URL(page.url()).pathname).toBe(`/routes/${route}`);
      expect(await box.inputValue()).toContain("not saved");

      accept = true;
      await nav.getByRole("link", { name: "Decisions" }).click();
      await page.waitForURL(/\/decisions/);
      expect(seen).toHaveLength(2);
    } finally {
      page.off("dialog", onDialog);
    }

    // Nothing unsaved: the nav leaves without asking.
    await page
      .getByRole("navigation", { name: "Console" })
      .getByRole("link", { name: "Routes & policies" })
      .click();
    await page.getByRole("heading", { name: "Routes & policies" }).waitFor();
    expect(seen).toHaveLength(2);
  });

  it("asks before reloading (or closing) the tab with unsaved changes (beforeunload)", async () => {
    const box = await openJson(page);
    await box.click();
    await box.fill(policy(model, "reload me"));
    // Typed keys too: Chromium prompts only after a real user gesture on the page.
    await page.keyboard.type(" ");
    await page.getByText("Valid policy · unsaved changes").waitFor();
    const dialog = new Promise<string>((resolve, reject) => {
      page.once("dialog", (d) => {
        resolve(d.type());
        void d.accept(); // leave: the reload goes ahead
      });
      setTimeout(() => reject(new Error("no beforeunload prompt within 10 s")), 10_000);
    });
    await page.reload();
    expect(await dialog).toBe("beforeunload");
    await page.getByText("Valid policy").first().waitFor();
    expect(await page.getByText("unsaved changes").count()).toBe(0);
  });
});
