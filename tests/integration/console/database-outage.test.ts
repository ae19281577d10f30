// Postgres goes away under a running app (a TCP proxy on 127.0.0.1 in front of it is cut, which
// resets the pool's idle connections and refuses new ones): the console API answers 503
// problem+json "database unavailable", /api/ready says the database is unreachable, sign-in says
// so too, the process survives the reset sockets, and everything answers again on recovery.
// Postgres only: the embedded database lives inside the process and cannot become unreachable.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../../support/app-server";
import {
  DEMO_OPERATORS,
  DEMO_PASSWORD,
  signIn,
  type ConsoleClient,
} from "../../support/console-client";
import { testDatabaseUrl } from "../../support/db";
import { startTcpProxy, type TcpProxy } from "../../support/tcp-proxy";

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
}

describe.runIf(testDatabaseUrl())("console during a database outage", () => {
  let proxy: TcpProxy;
  let app: AppServer;
  let admin: ConsoleClient;

  beforeAll(async () => {
    const target = new URL(testDatabaseUrl()!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    app = await startAppServer(
      { SWITCHBOARD_DEMO_HISTORY_DAYS: "1" },
      {
        databaseUrl: (u) => {
          const via = new URL(u);
          via.hostname = "127.0.0.1";
          via.port = String(proxy.port);
          return via;
        },
      },
    );
    admin = await signIn(app.url, DEMO_OPERATORS.admin, DEMO_PASSWORD);
  }, 600_000);
  afterAll(async () => {
    await proxy?.restore().catch(() => {});
    await app?.stop();
    await proxy?.close();
  });

  it("answers 503s that say so, survives the reset connections, and recovers", async () => {
    expect((await admin.get("/api/console/providers")).status).toBe(200);
    expect((await fetch(`${app.url}/api/ready`)).status).toBe(200);

    await proxy.cut();
    // Idle pooled connections were reset: give their error events time to arrive.
    await new Promise((r) => setTimeout(r, 500));

    const list = await admin.get<Problem>("/api/console/providers");
    expect(list.status).toBe(503);
    expect(list.headers.get("content-type")).toContain("application/problem+json");
    expect(list.headers.get("retry-after")).toBeTruthy();
    expect(list.body).toMatchObject({ code: "database_unavailable", status: 503 });
    expect(list.body.detail).toMatch(/database is unavailable/i);
    expect(JSON.stringify(list.body)).not.toMatch(/postgres(ql)?:\/\/|127\.0\.0\.1|Invalid `/);

    const write = await admin.post<Problem>("/api/console/tenants", {
      slug: "outage-tenant",
      name: "Outage",
    });
    expect(write.status).toBe(503);
    expect(write.body.code).toBe("database_unavailable");

    const ready = await fetch(`${app.url}/api/ready`);
    expect(ready.status).toBe(503);
    const readiness = (await ready.json()) as {
      ready: boolean;
      database: string;
      migrations: unknown;
      error?: string;
    };
    expect(readiness).toMatchObject({ ready: false, database: "unreachable", migrations: null });
    expect(readiness.error).toMatch(/^database unreachable/);

    const csrf = await fetch(`${app.url}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const login = await fetch(`${app.url}/api/auth/callback/credentials`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: csrf.headers
          .getSetCookie()
          .map((c) => c.split(";")[0])
          .join("; "),
        origin: app.url,
      },
      body: new URLSearchParams({
        csrfToken,
        email: DEMO_OPERATORS.viewer,
        password: DEMO_PASSWORD,
        json: "true",
      }),
    });
    expect(login.status).toBe(503);
    const { url } = (await login.json()) as { url: string };
    expect(new URL(url).searchParams.get("error")).toBe("DatabaseUnavailable");

    // The process is still up (an unhandled socket error would have ended it).
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    expect(app.output()).not.toMatch(/uncaughtException|ECONNRESET\n\s+at /);

    await proxy.restore();
    await expect
      .poll(async () => (await admin.get("/api/console/providers")).status, {
        timeout: 20_000,
        interval: 250,
      })
      .toBe(200);
    expect((await fetch(`${app.url}/api/ready`)).status).toBe(200);
  });
});
