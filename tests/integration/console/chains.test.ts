import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../../support/app-server";
import { signInDemoRoles, startConsoleApp, type ConsoleClient } from "../../support/console-client";

interface Chain {
  id: string;
  slug: string;
  steps: { modelSlug: string; timeoutMs: number; maxRetries: number }[];
}
interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

describe("console API: fallback chains", () => {
  let app: AppServer;
  let as: Record<"admin" | "editor" | "viewer", ConsoleClient>;
  let models: string[];

  beforeAll(async () => {
    app = await startConsoleApp();
    as = await signInDemoRoles(app.url);
    const list = await as.viewer.get<{ models: { slug: string }[] }>("/api/console/models");
    models = list.body.models.map((m) => m.slug);
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
  });

  const body = () => ({
    slug: "it-chain",
    name: "IT chain",
    triggers: ["timeout", "server_error"],
    deadlineMs: 60_000,
    steps: [
      { modelSlug: models[0]!, timeoutMs: 10_000, maxRetries: 1 },
      { modelSlug: models[1]!, timeoutMs: 20_000, maxRetries: 0 },
    ],
  });

  it("lists the seeded chains with ordered steps", async () => {
    const res = await as.viewer.get<{ chains: Chain[] }>("/api/console/chains");
    expect(res.status).toBe(200);
    expect(res.body.chains.length).toBeGreaterThan(0);
    expect(res.body.chains[0]!.steps.length).toBeGreaterThan(0);
  });

  it("creates, reorders and deletes a chain (editor)", async () => {
    const created = await as.editor.post<Chain>("/api/console/chains", body());
    expect(created.status).toBe(201);
    expect(created.body.steps.map((s) => s.modelSlug)).toEqual([models[0], models[1]]);
    const { slug: _slug, ...fields } = body();
    const updated = await as.editor.put<Chain>(`/api/console/chains/${created.body.id}`, {
      ...fields,
      steps: [...fields.steps].reverse(),
    });
    expect(updated.status).toBe(200);
    expect(updated.body.steps.map((s) => s.modelSlug)).toEqual([models[1], models[0]]);
    expect((await as.editor.post("/api/console/chains", body())).status).toBe(409);
    expect((await as.editor.delete(`/api/console/chains/${created.body.id}`)).status).toBe(204);
  });

  it("validates steps and triggers with paths", async () => {
    const res = await as.editor.post<Problem>("/api/console/chains", {
      ...body(),
      slug: "it-bad",
      triggers: ["cosmic_rays"],
      steps: [{ modelSlug: "no-such-model", timeoutMs: 5, maxRetries: 9 }],
    });
    expect(res.status).toBe(400);
    expect((res.body.errors ?? []).map((e) => e.path)).toEqual(
      expect.arrayContaining(["triggers.0", "steps.0.timeoutMs", "steps.0.maxRetries"]),
    );
    const unknown = await as.editor.post<Problem>("/api/console/chains", {
      ...body(),
      slug: "it-unknown",
      steps: [{ modelSlug: "no-such-model", timeoutMs: 5000, maxRetries: 0 }],
    });
    expect(unknown.body.errors?.[0]?.path).toBe("steps.0.modelSlug");
  });

  it("refuses viewers and cross-origin writes", async () => {
    expect((await as.viewer.post("/api/console/chains", body())).status).toBe(403);
    expect(
      (await as.editor.post("/api/console/chains", body(), { origin: "https://evil.example" }))
        .status,
    ).toBe(403);
  });
});
