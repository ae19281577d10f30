import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../../support/app-server";
import { signInDemoRoles, startConsoleApp, type ConsoleClient } from "../../support/console-client";

interface State {
  enabled: boolean;
  routeSlug: string | null;
  reason: string;
  changedBy: string | null;
  changedAt: string | null;
}
interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

describe("console API: rollback toggle", () => {
  let app: AppServer;
  let as: Record<"admin" | "editor" | "viewer", ConsoleClient>;
  let route: string;

  beforeAll(async () => {
    app = await startConsoleApp();
    as = await signInDemoRoles(app.url);
    const routes = await as.viewer.get<{ routes: { slug: string; activeVersion: unknown }[] }>(
      "/api/console/routes",
    );
    route = routes.body.routes.find((r) => r.activeVersion !== null)!.slug;
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("starts off and everyone can read it", async () => {
    const res = await as.viewer.get<State>("/api/console/rollback");
    expect(res.status).toBe(200);
    expect(res.body.enabled).toBe(false);
  });

  it("is admin-only to flip", async () => {
    const body = { enabled: true, routeSlug: route, reason: "bad deploy" };
    expect((await as.editor.put<Problem>("/api/console/rollback", body)).status).toBe(403);
    expect((await as.viewer.put<Problem>("/api/console/rollback", body)).status).toBe(403);
    expect(
      (
        await as.admin.put<Problem>("/api/console/rollback", body, {
          origin: "https://evil.example",
        })
      ).status,
    ).toBe(403);
  });

  it("validates the route and the reason", async () => {
    const res = await as.admin.put<Problem>("/api/console/rollback", {
      enabled: true,
      routeSlug: "",
      reason: "",
    });
    expect(res.status).toBe(400);
    expect((res.body.errors ?? []).map((e) => e.path)).toEqual(
      expect.arrayContaining(["routeSlug", "reason"]),
    );
    const unknown = await as.admin.put<Problem>("/api/console/rollback", {
      enabled: true,
      routeSlug: "nope",
      reason: "why",
    });
    expect(unknown.body.errors?.[0]?.path).toBe("routeSlug");
    expect((await as.admin.put<Problem>("/api/console/rollback", { enabled: false })).status).toBe(
      409,
    );
  });

  it("turns on (who, when, why), then off, audited both ways", async () => {
    const on = await as.admin.put<State>("/api/console/rollback", {
      enabled: true,
      routeSlug: route,
      reason: "bad deploy",
    });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({
      enabled: true,
      routeSlug: route,
      reason: "bad deploy",
      changedBy: "admin@switchboard.local",
    });
    expect((await as.viewer.get<State>("/api/console/rollback")).body.enabled).toBe(true);
    const off = await as.admin.put<State>("/api/console/rollback", {
      enabled: false,
      reason: "fixed",
    });
    expect(off.body).toMatchObject({ enabled: false, routeSlug: null });
    const audit = await as.viewer.get<{ entries: { action: string }[] }>(
      "/api/console/audit?entityType=rollback",
    );
    expect(audit.body.entries.slice(0, 2).map((e) => e.action)).toEqual([
      "rollback.disable",
      "rollback.enable",
    ]);
  });
});
