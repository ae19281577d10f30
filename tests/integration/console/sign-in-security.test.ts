// Console sign-in through the real next-auth endpoints (throttle per account and per client
// address, failures in the audit log) and the Origin check of console writes (proxy headers are
// not believed unless SWITCHBOARD_TRUST_PROXY is set).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../../support/app-server";
import {
  DEMO_OPERATORS,
  DEMO_PASSWORD,
  signIn,
  startConsoleApp,
  type ConsoleClient,
} from "../../support/console-client";

interface Attempt {
  status: number;
  retryAfter: string | null;
  error: string | null;
  signedIn: boolean;
}

/** One credentials sign-in as the console's form sends it (`json=true`). */
async function attempt(
  baseUrl: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Attempt> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie,
      origin: baseUrl,
      ...headers,
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const body = (await res.json()) as { url?: string };
  return {
    status: res.status,
    retryAfter: res.headers.get("retry-after"),
    error: body.url ? new URL(body.url).searchParams.get("error") : null,
    signedIn: res.headers.getSetCookie().some((c) => c.includes("session-token=")),
  };
}

interface AuditPage {
  entries: { action: string; actorEmail: string; entityId: string; after: unknown }[];
}

describe("console sign-in throttle and write origin", () => {
  let app: AppServer;
  let admin: ConsoleClient;

  beforeAll(async () => {
    app = await startConsoleApp();
    admin = await signIn(app.url, DEMO_OPERATORS.admin, DEMO_PASSWORD);
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("refuses an account after 5 failures, even with the right password, with Retry-After", async () => {
    for (let i = 0; i < 5; i++) {
      const wrong = await attempt(app.url, DEMO_OPERATORS.editor, `wrong-password-${i}`);
      expect(wrong).toMatchObject({ status: 401, error: "CredentialsSignin", signedIn: false });
    }
    const locked = await attempt(app.url, DEMO_OPERATORS.editor, DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.signedIn).toBe(false);
    expect(locked.error).toMatch(/^SignInThrottled:\d+$/);
    const wait = Number(locked.retryAfter);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    // The same email in another case is the same account.
    expect((await attempt(app.url, "Editor@Switchboard.Local", DEMO_PASSWORD)).status).toBe(429);
    // Other accounts from the same address still sign in.
    expect((await attempt(app.url, DEMO_OPERATORS.viewer, DEMO_PASSWORD)).signedIn).toBe(true);
  });

  it("records failed sign-ins in the audit log, without the password", async () => {
    await attempt(app.url, "nobody@example.com", "not-the-password-42");
    const page = await admin.get<AuditPage>("/api/console/audit?entityType=sign_in&limit=50");
    expect(page.status).toBe(200);
    const failed = page.body.entries.filter((e) => e.action === "sign_in.failed");
    const editor = failed.filter((e) => e.entityId === DEMO_OPERATORS.editor);
    expect(editor).toHaveLength(5);
    expect(editor[0]).toMatchObject({
      actorEmail: DEMO_OPERATORS.editor,
      after: { reason: "wrong_password", address: expect.stringMatching(/127\.0\.0\.1/) },
    });
    expect(failed.find((e) => e.entityId === "nobody@example.com")).toMatchObject({
      after: { reason: "unknown_account" },
    });
    const text = JSON.stringify(page.body);
    expect(text).not.toContain("wrong-password-");
    expect(text).not.toContain("not-the-password-42");
  });

  it("refuses writes whose Origin matches only a client-sent X-Forwarded-Host, or another scheme", async () => {
    const evil = await admin.post(
      "/api/console/tenants",
      { slug: "xfh-evil", name: "XFH" },
      { origin: "http://evil.example", "x-forwarded-host": "evil.example" },
    );
    expect(evil.status).toBe(403);
    expect(evil.body).toMatchObject({ code: "bad_origin" });
    const https = new URL(app.url);
    https.protocol = "https:";
    const scheme = await admin.post(
      "/api/console/tenants",
      { slug: "xfh-scheme", name: "Scheme" },
      { origin: https.origin, "x-forwarded-proto": "https" },
    );
    expect(scheme.status).toBe(403);
    const same = await admin.post("/api/console/tenants", { slug: "xfh-same", name: "Same" });
    expect(same.status).toBe(201);
  });

  // Last: it leaves 127.0.0.1 throttled for this app.
  it("refuses an address after 20 failures across accounts; X-Forwarded-For is not believed", async () => {
    // 5 (editor) + 1 (nobody) failures so far from this address.
    for (let i = 0; i < 14; i++) {
      const res = await attempt(app.url, `guess-${i}@example.com`, "guess-password", {
        "x-forwarded-for": `203.0.113.${i + 1}`,
      });
      expect(res.status).toBe(401);
    }
    const locked = await attempt(app.url, DEMO_OPERATORS.viewer, DEMO_PASSWORD, {
      "x-forwarded-for": "198.51.100.7",
    });
    expect(locked.status).toBe(429);
    expect(locked.error).toMatch(/^SignInThrottled:\d+$/);
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
  });
});
