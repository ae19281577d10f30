import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../../support/app-server";
import { signInDemoRoles, startConsoleApp, type ConsoleClient } from "../../support/console-client";

interface RouteSummary {
  slug: string;
  activeVersion: { id: string; version: number } | null;
  requests24h: number;
}
interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

const doc = (model: string) => ({
  schemaVersion: 1,
  rules: [
    {
      id: "faq",
      when: { type: "metadata", field: "task", equals: "faq" },
      then: { strategy: "single", model },
    },
  ],
  default: { strategy: "single", model },
});

describe("console API: routes and policies", () => {
  let app: AppServer;
  let as: Record<"admin" | "editor" | "viewer", ConsoleClient>;
  let model: string;
  let route: RouteSummary;

  beforeAll(async () => {
    app = await startConsoleApp();
    as = await signInDemoRoles(app.url);
    const models = await as.viewer.get<{ models: { slug: string }[] }>("/api/console/models");
    model = models.body.models[0]!.slug;
    const routes = await as.viewer.get<{ routes: RouteSummary[] }>("/api/console/routes");
    route = routes.body.routes.find((r) => r.activeVersion !== null && r.requests24h > 0)!;
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("lists routes with their active version and last-24h traffic", async () => {
    const res = await as.viewer.get<{ routes: RouteSummary[] }>("/api/console/routes");
    expect(res.status).toBe(200);
    expect(res.body.routes.length).toBeGreaterThan(0);
    expect(route.requests24h).toBeGreaterThan(0);
    const detail = await as.viewer.get<{ document: unknown }>(`/api/console/routes/${route.slug}`);
    expect(detail.status).toBe(200);
    expect(detail.body.document).toMatchObject({ schemaVersion: 1 });
    expect((await as.viewer.get(`/api/console/routes/nope-404`)).status).toBe(404);
  });

  it("refuses anonymous reads and viewer writes", async () => {
    expect((await fetch(`${app.url}/api/console/routes`)).status).toBe(401);
    const res = await as.viewer.post<Problem>(`/api/console/routes/${route.slug}/versions`, {
      document: doc(model),
      comment: "x",
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("forbidden");
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("refuses a write without a matching Origin", async () => {
    const res = await as.editor.post<Problem>(
      `/api/console/routes/${route.slug}/versions`,
      { document: doc(model), comment: "x" },
      { origin: "https://evil.example" },
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("bad_origin");
  });

  it("points validation errors at the rule and field", async () => {
    const bad = doc(model);
    bad.rules[0]!.when = { type: "metadata", field: "nope", equals: "faq" } as never;
    const res = await as.editor.post<Problem>(`/api/console/routes/${route.slug}/versions`, {
      document: bad,
      comment: "",
    });
    expect(res.status).toBe(400);
    const paths = (res.body.errors ?? []).map((e) => e.path);
    expect(paths).toContain("comment");
    const res2 = await as.editor.post<Problem>(`/api/console/routes/${route.slug}/versions`, {
      document: bad,
      comment: "ok",
    });
    expect(res2.body.errors?.[0]?.path).toBe("document.rules[0] (faq).when.field");
  });

  it("dry-runs a draft against logged decisions without changing anything", async () => {
    const res = await as.editor.post<{
      replayed: number;
      changedModel: number;
      costAfterUsd: number;
    }>(`/api/console/routes/${route.slug}/dry-run`, { document: doc(model), limit: 200 });
    expect(res.status).toBe(200);
    expect(res.body.replayed).toBeGreaterThan(0);
    expect(res.body.changedModel).toBeGreaterThanOrEqual(0);
    expect(
      (await as.viewer.post(`/api/console/routes/${route.slug}/dry-run`, { document: doc(model) }))
        .status,
    ).toBe(403);
  });

  it("publishes a new version, lists history, diffs by id, and reverts (audited)", async () => {
    const before = route.activeVersion!;
    const pub = await as.editor.post<{ id: string; version: number; active: boolean }>(
      `/api/console/routes/${route.slug}/versions`,
      { document: doc(model), comment: "All to one model", baseVersionId: before.id },
    );
    expect(pub.status).toBe(201);
    expect(pub.body.active).toBe(true);
    const stale = await as.editor.post<Problem>(`/api/console/routes/${route.slug}/versions`, {
      document: doc(model),
      comment: "stale",
      baseVersionId: before.id,
    });
    expect(stale.status).toBe(409);
    const history = await as.viewer.get<{
      versions: { id: string; version: number; active: boolean }[];
    }>(`/api/console/routes/${route.slug}/versions`);
    expect(history.body.versions[0]).toMatchObject({ id: pub.body.id, active: true });
    const version = await as.viewer.get<{ document: unknown }>(
      `/api/console/policies/${before.id}`,
    );
    expect(version.body.document).toMatchObject({ schemaVersion: 1 });
    expect((await as.viewer.get(`/api/console/policies/not-a-uuid`)).status).toBe(404);

    expect(
      (await as.viewer.post(`/api/console/routes/${route.slug}/revert`, { versionId: before.id }))
        .status,
    ).toBe(403);
    const revert = await as.editor.post<{ id: string; active: boolean }>(
      `/api/console/routes/${route.slug}/revert`,
      {
        versionId: before.id,
        comment: "back",
      },
    );
    expect(revert.status).toBe(201);
    const detail = await as.viewer.get<RouteSummary>(`/api/console/routes/${route.slug}`);
    expect(detail.body.activeVersion?.id).toBe(before.id);
    const again = await as.editor.post<Problem>(`/api/console/routes/${route.slug}/revert`, {
      versionId: before.id,
    });
    expect(again.status).toBe(409);
    const audit = await as.viewer.get<{ entries: { action: string; entityId: string }[] }>(
      "/api/console/audit?entityType=route",
    );
    expect(audit.body.entries.slice(0, 2).map((e) => e.action)).toEqual([
      "policy.revert",
      "policy.publish",
    ]);
  });

  it("creates a route with its first version; duplicates conflict", async () => {
    const body = { slug: "it-new-route", description: "test", document: doc(model) };
    const res = await as.editor.post<{ slug: string; activeVersion: { version: number } }>(
      "/api/console/routes",
      body,
    );
    expect(res.status).toBe(201);
    expect(res.body.activeVersion.version).toBe(1);
    expect((await as.editor.post<Problem>("/api/console/routes", body)).status).toBe(409);
    const bad = await as.editor.post<Problem>("/api/console/routes", {
      ...body,
      slug: "Bad Slug!",
    });
    expect(bad.body.errors?.[0]?.path).toBe("slug");
    expect((await as.viewer.post("/api/console/routes", { ...body, slug: "v-route" })).status).toBe(
      403,
    );
  });

  it("edits a route's settings (editor), with field errors, audited", async () => {
    const slug = "it-edit-route";
    expect(
      (await as.editor.post("/api/console/routes", { slug, document: doc(model) })).status,
    ).toBe(201);
    const path = `/api/console/routes/${slug}`;
    const change = { description: "Edited", baselineModelSlug: model, contentInspection: true };
    expect((await as.viewer.patch<Problem>(path, change)).body.code).toBe("forbidden");
    const cross = await as.editor.patch<Problem>(path, change, { origin: "https://evil.example" });
    expect(cross.body.code).toBe("bad_origin");
    const bad = await as.editor.patch<Problem>(path, {
      description: "x".repeat(501),
      baselineModelSlug: "",
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect((bad.body.errors ?? []).map((e) => e.path).sort()).toEqual([
      "baselineModelSlug",
      "description",
    ]);
    const unknown = await as.editor.patch<Problem>(path, { baselineModelSlug: "no-such-model" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]?.path).toBe("baselineModelSlug");
    expect((await as.editor.patch<Problem>(path, {})).status).toBe(400);
    expect((await as.editor.patch<Problem>(path, { slug: "renamed" })).status).toBe(400);
    expect((await as.editor.patch("/api/console/routes/nope-404", change)).status).toBe(404);

    const ok = await as.editor.patch<{
      description: string;
      baselineModelSlug: string | null;
      contentInspection: boolean;
      activeVersion: { version: number };
    }>(path, change);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ...change, activeVersion: { version: 1 } });
    const cleared = await as.editor.patch<{ baselineModelSlug: string | null }>(path, {
      baselineModelSlug: null,
    });
    expect(cleared.body.baselineModelSlug).toBeNull();
    const audit = await as.viewer.get<{
      entries: { action: string; entityId: string; after: { description?: string } }[];
    }>("/api/console/audit?entityType=route");
    expect(audit.body.entries[1]).toMatchObject({
      action: "route.update",
      entityId: slug,
      after: { description: "Edited" },
    });
  });

  it("deletes a route: refused for viewers and the rollback route, gone from the gateway", async () => {
    const slug = "it-delete-route";
    const api = app.apiKey
      ? new OpenAI({ apiKey: app.apiKey, baseURL: `${app.url}/v1`, maxRetries: 0 })
      : null;
    // /v1/models lists only routes that reach a model the key may use: route to one it lists.
    const usable =
      (await api?.models.list())?.data.find((m) => m.owned_by !== "switchboard-route")?.id ?? model;
    expect(
      (await as.editor.post("/api/console/routes", { slug, document: doc(usable) })).status,
    ).toBe(201);
    const path = `/api/console/routes/${slug}`;
    expect((await as.viewer.delete<Problem>(path)).body.code).toBe("forbidden");
    expect((await as.editor.delete<Problem>(path, { origin: "https://evil.example" })).status).toBe(
      403,
    );
    expect((await as.editor.delete<Problem>("/api/console/routes/nope-404")).status).toBe(404);

    const on = await as.admin.put("/api/console/rollback", {
      enabled: true,
      routeSlug: slug,
      reason: "delete test",
    });
    expect(on.status).toBe(200);
    const refused = await as.editor.delete<Problem & { detail: string }>(path);
    expect(refused.status).toBe(409);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.body.detail).toContain("rollback");
    await as.admin.put("/api/console/rollback", { enabled: false, reason: "delete test done" });

    const listed = async () => (await api!.models.list()).data.map((m) => m.id);
    if (api) await expect.poll(listed, { timeout: 5_000 }).toContain(slug);

    const res = await as.editor.delete(path);
    expect(res.status).toBe(204);
    expect((await as.viewer.get(path)).status).toBe(404);
    expect((await as.editor.delete<Problem>(path)).status).toBe(404);
    const audit = await as.viewer.get<{
      entries: { action: string; entityId: string; before: { document?: unknown } }[];
    }>("/api/console/audit?entityType=route");
    expect(audit.body.entries[0]).toMatchObject({ action: "route.delete", entityId: slug });
    expect(audit.body.entries[0]?.before.document).toMatchObject({ schemaVersion: 1 });

    if (api) {
      await expect.poll(listed, { timeout: 5_000 }).not.toContain(slug);
      const err = await api.chat.completions
        .create({ model: slug, messages: [{ role: "user", content: "hi" }] })
        .then(
          () => null,
          (e: { status?: number; code?: string }) => e,
        );
      expect(err).toMatchObject({ status: 404, code: "model_not_found" });
    }
  });
});
