import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../../support/app-server";
import { signInDemoRoles, startConsoleApp, type ConsoleClient } from "../../support/console-client";

interface Provider {
  id: string;
  slug: string;
  kind: string;
  hasCredential: boolean;
  credentialHint: string | null;
  modelCount: number;
}
interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

const SECRET = "sk-test-super-secret-9876";

describe("console API: providers", () => {
  let app: AppServer;
  let as: Record<"admin" | "editor" | "viewer", ConsoleClient>;

  beforeAll(async () => {
    app = await startConsoleApp();
    as = await signInDemoRoles(app.url);
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
  });

  const body = {
    slug: "it-openai",
    name: "IT upstream",
    kind: "openai_compatible",
    baseUrl: "http://127.0.0.1:9/v1",
    allowPrivateNetwork: true,
  };

  it("lets everyone read providers, never with a secret", async () => {
    const res = await as.viewer.get<{ providers: Provider[] }>("/api/console/providers");
    expect(res.status).toBe(200);
    expect(res.body.providers.length).toBeGreaterThan(0);
    expect(JSON.stringify(res.body)).not.toMatch(/ciphertext/i);
  });

  it("is admin-only for writes (editor 403, viewer 403)", async () => {
    expect((await as.editor.post<Problem>("/api/console/providers", body)).status).toBe(403);
    expect((await as.viewer.post<Problem>("/api/console/providers", body)).status).toBe(403);
    const list = await as.viewer.get<{ providers: Provider[] }>("/api/console/providers");
    const id = list.body.providers[0]!.id;
    expect(
      (await as.editor.put(`/api/console/providers/${id}/credential`, { value: SECRET })).status,
    ).toBe(403);
    expect((await as.editor.post(`/api/console/providers/${id}/test`)).status).toBe(403);
  });

  it("creates with a write-only credential: only the hint comes back, and the audit redacts it", async () => {
    const created = await as.admin.post<Provider>("/api/console/providers", {
      ...body,
      credential: SECRET,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ hasCredential: true, credentialHint: "…9876" });
    expect(JSON.stringify(created.body)).not.toContain(SECRET);
    const replaced = await as.admin.put<Provider>(
      `/api/console/providers/${created.body.id}/credential`,
      { value: "another-key-1234" },
    );
    expect(replaced.body.credentialHint).toBe("…1234");
    const cleared = await as.admin.put<Provider>(
      `/api/console/providers/${created.body.id}/credential`,
      { value: null },
    );
    expect(cleared.body).toMatchObject({ hasCredential: false, credentialHint: null });
    const audit = await as.admin.get<{ entries: unknown[] }>(
      "/api/console/audit?entityType=provider",
    );
    const text = JSON.stringify(audit.body);
    expect(text).toContain("provider.credential.clear");
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("another-key-1234");
  });

  it("validates fields with paths", async () => {
    const res = await as.admin.post<Problem>("/api/console/providers", {
      ...body,
      slug: "it-2",
      baseUrl: "ftp://x",
      headers: { Authorization: "Bearer x" },
    });
    expect(res.status).toBe(400);
    expect((res.body.errors ?? []).map((e) => e.path)).toEqual(
      expect.arrayContaining(["baseUrl", "headers"]),
    );
    const short = await as.admin.put<Problem>(
      `/api/console/providers/00000000-0000-4000-8000-000000000000/credential`,
      { value: "x" },
    );
    expect(short.body.errors?.[0]?.path).toBe("value");
  });

  it("tests a connection through the adapter: simulator answers, an unreachable upstream is a connect error", async () => {
    const list = await as.admin.get<{ providers: Provider[] }>("/api/console/providers");
    const sim = list.body.providers.find((p) => p.kind === "simulator" && p.modelCount > 0)!;
    const ok = await as.admin.post<{ ok: boolean; latencyMs: number }>(
      `/api/console/providers/${sim.id}/test`,
    );
    expect(ok.status).toBe(200);
    expect(ok.body.ok).toBe(true);

    const created = await as.admin.post<Provider>("/api/console/providers", {
      ...body,
      slug: "it-private",
      credential: SECRET,
    });
    expect(created.status).toBe(201);
    await as.admin.post("/api/console/models", {
      slug: "it-private-model",
      providerId: created.body.id,
      upstreamName: "m",
      displayName: "m",
      inputPricePerMTok: 1,
      outputPricePerMTok: 1,
      contextWindow: 1000,
      maxOutputTokens: 100,
      tier: "small",
    });
    const refused = await as.admin.post<{ ok: boolean; errorClass: string; message: string }>(
      `/api/console/providers/${created.body.id}/test`,
    );
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ ok: false, errorClass: "connect" });
    expect(refused.body.message).not.toContain(SECRET);
  });

  it("refuses base URLs on private or reserved addresses at save unless the provider allows them", async () => {
    const refused = [
      "http://127.0.0.1:9/v1",
      "http://169.254.169.254/latest",
      "http://[::1]:8000/v1",
      "http://10.1.2.3/v1",
      "http://localhost:11434/v1",
    ];
    for (const [i, baseUrl] of refused.entries()) {
      const res = await as.admin.post<Problem>("/api/console/providers", {
        ...body,
        slug: `it-ssrf-${i}`,
        baseUrl,
        allowPrivateNetwork: false,
      });
      expect(res.status, baseUrl).toBe(400);
      expect(res.body.errors?.[0]).toMatchObject({
        path: "baseUrl",
        message: expect.stringMatching(/private or reserved/),
      });
    }
    const allowed = await as.admin.post<Provider>("/api/console/providers", {
      ...body,
      slug: "it-ssrf-allowed",
    });
    expect(allowed.status).toBe(201);
    // Turning the allowance off while the URL is private is the same save.
    const off = await as.admin.patch<Problem>(`/api/console/providers/${allowed.body.id}`, {
      allowPrivateNetwork: false,
    });
    expect(off.status).toBe(400);
    expect(off.body.errors?.[0]?.path).toBe("baseUrl");
    const publicUrl = await as.admin.post<Provider>("/api/console/providers", {
      ...body,
      slug: "it-ssrf-public",
      baseUrl: "https://1.1.1.1/v1",
      allowPrivateNetwork: false,
    });
    expect(publicUrl.status).toBe(201);
    const moved = await as.admin.patch<Problem>(`/api/console/providers/${publicUrl.body.id}`, {
      baseUrl: "http://192.168.1.20:8000/v1",
    });
    expect(moved.status).toBe(400);
    expect(moved.body.errors?.[0]?.path).toBe("baseUrl");
  });

  it("sets adapter settings with validation: stream idle timeout, usage in streams, API version", async () => {
    const created = await as.admin.post<Provider & { settings: Record<string, unknown> }>(
      "/api/console/providers",
      {
        ...body,
        slug: "it-settings",
        settings: { streamIdleTimeoutMs: 30_000, streamUsage: false, apiVersion: "2024-10-21" },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.settings).toEqual({
      streamIdleTimeoutMs: 30_000,
      streamUsage: false,
      apiVersion: "2024-10-21",
    });
    // PATCH merges; null removes a setting (back to the adapter's default).
    const patched = await as.admin.patch<Provider & { settings: Record<string, unknown> }>(
      `/api/console/providers/${created.body.id}`,
      { settings: { streamIdleTimeoutMs: null, apiVersion: "2025-01-01-preview" } },
    );
    expect(patched.status).toBe(200);
    expect(patched.body.settings).toEqual({ streamUsage: false, apiVersion: "2025-01-01-preview" });
    const read = await as.viewer.get<{ settings: Record<string, unknown> }>(
      `/api/console/providers/${created.body.id}`,
    );
    expect(read.body.settings).toEqual(patched.body.settings);

    const bad = await as.admin.post<Problem>("/api/console/providers", {
      ...body,
      slug: "it-settings-bad",
      settings: { streamIdleTimeoutMs: 10, streamUsage: "yes" },
    });
    expect(bad.status).toBe(400);
    expect((bad.body.errors ?? []).map((e) => e.path)).toEqual(
      expect.arrayContaining(["settings.streamIdleTimeoutMs", "settings.streamUsage"]),
    );
    const unknown = await as.admin.post<Problem>("/api/console/providers", {
      ...body,
      slug: "it-settings-unknown",
      settings: { anthropicVersion: "2023-06-01" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]?.path).toBe("settings.anthropicVersion");
    const wrongKind = await as.admin.patch<Problem>(`/api/console/providers/${created.body.id}`, {
      settings: { defaultMaxTokens: 1000 },
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors?.[0]?.path).toBe("settings.defaultMaxTokens");

    const anthropic = await as.admin.post<Provider & { settings: Record<string, unknown> }>(
      "/api/console/providers",
      {
        ...body,
        slug: "it-settings-anthropic",
        kind: "anthropic",
        settings: { anthropicVersion: "2023-06-01", defaultMaxTokens: 2048 },
      },
    );
    expect(anthropic.status).toBe(201);
    expect(anthropic.body.settings).toEqual({
      anthropicVersion: "2023-06-01",
      defaultMaxTokens: 2048,
    });
  });
});
