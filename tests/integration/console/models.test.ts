import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../../support/app-server";
import { signInDemoRoles, startConsoleApp, type ConsoleClient } from "../../support/console-client";

interface Model {
  id: string;
  slug: string;
  providerId: string;
  inputPricePerMTok: number;
  enabled: boolean;
}
interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

describe("console API: models", () => {
  let app: AppServer;
  let as: Record<"admin" | "editor" | "viewer", ConsoleClient>;
  let providerId: string;

  beforeAll(async () => {
    app = await startConsoleApp();
    as = await signInDemoRoles(app.url);
    const list = await as.viewer.get<{ models: Model[] }>("/api/console/models");
    providerId = list.body.models[0]!.providerId;
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
  });

  const body = () => ({
    slug: "it-model",
    providerId,
    upstreamName: "it-upstream",
    displayName: "IT model",
    inputPricePerMTok: 0.5,
    outputPricePerMTok: 1.5,
    contextWindow: 64_000,
    maxOutputTokens: 4_096,
    capabilities: ["tools", "streaming"],
    tier: "small",
  });

  it("lists the registry with numbers as numbers", async () => {
    const res = await as.viewer.get<{ models: Model[] }>("/api/console/models");
    expect(res.status).toBe(200);
    expect(res.body.models.length).toBeGreaterThan(0);
    expect(typeof res.body.models[0]!.inputPricePerMTok).toBe("number");
  });

  it("creates, updates, disables and deletes a model (editor), audited", async () => {
    const created = await as.editor.post<Model>("/api/console/models", body());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: "it-model", inputPricePerMTok: 0.5, enabled: true });
    const dup = await as.editor.post<Problem>("/api/console/models", body());
    expect(dup.status).toBe(409);
    const patched = await as.editor.patch<Model>(`/api/console/models/${created.body.id}`, {
      inputPricePerMTok: 0.25,
      enabled: false,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ inputPricePerMTok: 0.25, enabled: false });
    const audit = await as.viewer.get<{ entries: { action: string; entityId: string }[] }>(
      "/api/console/audit?entityType=model",
    );
    expect(audit.body.entries.slice(0, 2).map((e) => e.action)).toEqual([
      "model.update",
      "model.create",
    ]);
    expect((await as.editor.delete(`/api/console/models/${created.body.id}`)).status).toBe(204);
    expect((await as.viewer.get(`/api/console/models/${created.body.id}`)).status).toBe(404);
  });

  it("answers validation errors with field paths", async () => {
    const res = await as.editor.post<Problem>("/api/console/models", {
      ...body(),
      slug: "it-bad",
      inputPricePerMTok: -1,
      maxOutputTokens: 100_000,
      capabilities: ["telepathy"],
    });
    expect(res.status).toBe(400);
    const paths = (res.body.errors ?? []).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["inputPricePerMTok", "capabilities.0"]));
    const extra = await as.editor.post<Problem>("/api/console/models", {
      ...body(),
      slug: "it-x",
      bogus: 1,
    });
    expect(extra.status).toBe(400);
    const patch = await as.editor.patch<Problem>(
      `/api/console/models/00000000-0000-4000-8000-000000000000`,
      { enabled: true },
    );
    expect(patch.status).toBe(404);
  });

  it("refuses viewers, wrong origins and non-JSON bodies", async () => {
    expect((await as.viewer.post("/api/console/models", body())).status).toBe(403);
    const origin = await as.editor.post<Problem>("/api/console/models", body(), {
      origin: "http://evil.test",
    });
    expect(origin.status).toBe(403);
    expect(origin.body.code).toBe("bad_origin");
    const noOrigin = await fetch(`${app.url}/api/console/models`, {
      method: "POST",
      headers: { cookie: as.editor.cookie, "content-type": "application/json" },
      body: JSON.stringify(body()),
    });
    expect(noOrigin.status).toBe(403);
    const text = await as.editor.post<Problem>("/api/console/models", "slug=x", {
      "content-type": "text/plain",
    });
    expect(text.status).toBe(415);
  });
});
