import type { Browser, Locator, Page } from "playwright-core";
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
  document: { rules: Record<string, unknown>[] } & Record<string, unknown>;
}

/** Picks the option whose text matches, else the first real one (index 0 is "Choose…"). */
async function selectModel(select: Locator, pattern: RegExp): Promise<string> {
  const options = (await select.locator("option").allTextContents()).filter((o) => o !== "Choose…");
  const pick = options.find((o) => pattern.test(o)) ?? options[0]!;
  await select.selectOption(pick);
  return pick;
}

/**
 * The forms alone build a rule whose condition is an any-of and whose action is a cascade: a bad
 * value is reported next to its field as you type, the fix clears it, the JSON view shows the same
 * rule and the forms come back unchanged, and the published version holds exactly that rule.
 */
describe.skipIf(!browserAvailable())("console: policy editor forms", () => {
  let app: AppServer;
  let browser: Browser;
  let page: Page;
  let api: ConsoleClient;
  const route = "support";

  beforeAll(async () => {
    app = await startConsoleApp();
    browser = await launchBrowser();
    api = await signIn(app.url, DEMO_OPERATORS.editor, "switchboard");
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, app.url, DEMO_OPERATORS.editor);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("builds an any-of condition and a cascade through the forms, fixes a bad value, publishes", async () => {
    await page.goto(`${app.url}/routes/${route}`);
    await page.getByRole("heading", { name: route }).waitFor();
    await page.getByText("Valid policy").first().waitFor();
    await page.getByRole("button", { name: "+ Add rule" }).click();
    const rule = page.locator(".rule-card").last();
    await rule.getByLabel("Rule id").fill("hard-cases");

    // Condition: any of (task = legal, tag escalate/vip). Choosing "Any of…" keeps the current
    // condition as its first member.
    await rule.getByLabel("Condition", { exact: true }).first().selectOption({ label: "Any of…" });
    const first = rule.getByRole("group", { name: "Condition 1", exact: true });
    await first.getByLabel("Equals").fill("legal");
    await rule.getByRole("button", { name: "+ Add condition" }).click();
    const second = rule.getByRole("group", { name: "Condition 2", exact: true });
    await second.getByLabel("Condition", { exact: true }).selectOption({ label: "Has a tag" });
    await second.getByLabel("Any of these tags").fill("escalate, vip");

    // Action: a cascade, small model first with gates, then a strong one.
    await rule.getByLabel("Strategy").selectOption({ label: "Cascade (escalate on gates)" });
    const stage1 = rule.getByRole("group", { name: "Stage 1", exact: true });
    const stage2 = rule.getByRole("group", { name: "Stage 2", exact: true });
    const small = await selectModel(
      stage1.getByLabel("Model", { exact: true }),
      /mini|nano|haiku|small/,
    );
    const strong = await selectModel(
      stage2.getByLabel("Model", { exact: true }),
      /sonnet|gpt-4o$|4\.1$|large|opus|o3/,
    );
    await stage1.getByLabel("Min length (chars)").fill("20");

    // A timeout under the schema's 100 ms minimum: the message stands next to that field.
    const timeout = stage1.getByLabel("Timeout (ms)");
    await timeout.fill("50");
    const timeoutField = stage1.locator(".field").filter({ has: page.getByLabel("Timeout (ms)") });
    await timeoutField.locator(".error-text").waitFor();
    expect(await timeoutField.locator(".error-text").textContent()).toMatch(/100/);
    expect(await timeout.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(".validity").textContent()).toMatch(/problem/);
    await page.screenshot({ path: artifactPath("policy-forms-field-error.png"), fullPage: true });

    await timeout.fill("20000");
    await timeoutField.locator(".error-text").waitFor({ state: "detached" });
    expect(await timeout.getAttribute("aria-invalid")).toBeNull();

    // Rows: add a third stage, then remove it again.
    await rule.getByRole("button", { name: "+ Add stage" }).click();
    await rule.getByRole("group", { name: "Stage 3", exact: true }).waitFor();
    await rule.getByRole("button", { name: "Remove stage 3" }).click();
    await page.getByText("Valid policy · unsaved changes").waitFor();

    const expected = {
      id: "hard-cases",
      when: {
        type: "any",
        conditions: [
          { type: "metadata", field: "task", equals: "legal" },
          { type: "tag", anyOf: ["escalate", "vip"] },
        ],
      },
      then: {
        strategy: "cascade",
        stages: [
          { model: small, gates: { nonEmpty: true, minLength: 20 }, timeoutMs: 20000 },
          { model: strong, gates: {} },
        ],
      },
    };

    // The JSON view holds the same rule; back in the forms nothing changed.
    await page.getByRole("tab", { name: "JSON" }).click();
    const doc = JSON.parse(await page.getByLabel("Policy document").inputValue()) as {
      rules: unknown[];
    };
    expect(doc.rules[doc.rules.length - 1]).toEqual(expected);
    await page.getByRole("tab", { name: "Rules" }).click();
    expect(await stage1.getByLabel("Timeout (ms)").inputValue()).toBe("20000");
    expect(await second.getByLabel("Any of these tags").inputValue()).toBe("escalate, vip");
    await page.screenshot({ path: artifactPath("policy-forms-cascade-any.png"), fullPage: true });

    await page.getByLabel("Comment", { exact: true }).fill("Hard cases go through a cascade");
    await page.getByRole("button", { name: "Publish new version" }).click();
    const history = page.locator("section[aria-labelledby='history-title']");
    await history.getByText("Hard cases go through a cascade").waitFor();

    const published = await api.get<RouteView>(`/api/console/routes/${route}`);
    expect(published.status).toBe(200);
    const rules = published.body.document.rules;
    expect(rules[rules.length - 1]).toMatchObject(expected);
  });

  it("edits the hedge delay of an action and of the policy settings (empty, ms, never)", async () => {
    await page.goto(`${app.url}/routes/${route}`);
    await page.getByText("Valid policy").first().waitFor();
    const readDoc = async () => {
      await page.getByRole("tab", { name: "JSON" }).click();
      const doc = JSON.parse(await page.getByLabel("Policy document").inputValue()) as {
        settings?: Record<string, unknown>;
        rules: { then: Record<string, unknown> }[];
      };
      await page.getByRole("tab", { name: "Rules" }).click();
      return doc;
    };
    const before = await readDoc();

    const settings = page.getByRole("group", { name: "Policy settings" });
    const delay = settings.getByLabel("Hedge after (ms)");
    await delay.fill("5");
    const field = settings.locator(".field").filter({ has: page.getByLabel("Hedge after (ms)") });
    expect(await field.locator(".error-text").textContent()).toMatch(/10/);
    await delay.fill("800");
    await page.getByText("Valid policy · unsaved changes").waitFor();
    expect((await readDoc()).settings?.hedgeAfterMs).toBe(800);
    await settings.getByLabel("Never hedge").check();
    expect(await delay.isDisabled()).toBe(true);
    expect((await readDoc()).settings?.hedgeAfterMs).toBeNull();
    await settings.getByLabel("Never hedge").uncheck();
    expect(await delay.inputValue()).toBe("");
    expect((await readDoc()).settings).toEqual(before.settings);

    // A new rule's single-model action hedges after its own delay; a cascade has no such field.
    await page.getByRole("button", { name: "+ Add rule" }).click();
    const rule = page.locator(".rule-card").last();
    await rule.getByLabel("Hedge after (ms)").fill("1500");
    await page.screenshot({ path: artifactPath("policy-forms-hedge.png"), fullPage: true });
    const doc = await readDoc();
    expect(doc.rules[doc.rules.length - 1]?.then.hedgeAfterMs).toBe(1500);
    await rule.getByLabel("Strategy").selectOption({ label: "Cascade (escalate on gates)" });
    expect(await rule.getByLabel("Hedge after (ms)").count()).toBe(0);
  });
});
