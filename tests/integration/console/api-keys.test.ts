import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApiKeyCreatedSchema,
  type ApiKeyView,
  type TenantView,
} from "@/lib/schemas/console/tenants";
import { startAppServer, type AppServer } from "../../support/app-server";
import { signInDemoRoles, type ConsoleClient } from "../../support/console-client";

interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

describe("console API: API keys", () => {
  let app: AppServer;
  let as: Record<"admin" | "editor" | "viewer", ConsoleClient>;
  let tenant: TenantView;

  beforeAll(async () => {
    app = await startAppServer({ SWITCHBOARD_DEMO_HISTORY_DAYS: "1" });
    as = await signInDemoRoles(app.url);
    const res = await as.editor.post<TenantView>("/api/console/tenants", {
      slug: `keys-${Date.now().toString(36)}`,
      name: "Key tenant",
    });
    tenant = res.body;
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("creates a key shown once, then lists only its prefix", async () => {
    const res = await as.admin.post("/api/console/api-keys", {
      tenantId: tenant.id,
      name: "ci",
      scopes: ["chat", "models"],
    });
    expect(res.status).toBe(201);
    const created = ApiKeyCreatedSchema.parse(res.body);
    expect(created.key).toMatch(/^sk-sb-[A-Za-z0-9]{40}$/);
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);

    const list = await as.viewer.get<{ keys: ApiKeyView[] }>(
      `/api/console/api-keys?tenantId=${tenant.id}`,
    );
    expect(list.status).toBe(200);
    expect(list.body.keys).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(created.key);
    expect(list.body.keys[0]).toMatchObject({ name: "ci", revokedAt: null, lastUsedAt: null });
  });

  it("revokes a key so the gateway refuses it within seconds", async () => {
    const created = ApiKeyCreatedSchema.parse(
      (await as.admin.post("/api/console/api-keys", { tenantId: tenant.id, name: "to-revoke" }))
        .body,
    );
    const client = new OpenAI({ apiKey: created.key, baseURL: `${app.url}/v1`, maxRetries: 0 });
    await expect(client.models.list()).resolves.toBeDefined();

    const res = await as.admin.delete<ApiKeyView>(`/api/console/api-keys/${created.apiKey.id}`);
    expect(res.status).toBe(200);
    expect(res.body.revokedAt).not.toBeNull();
    const again = await as.admin.delete<ApiKeyView>(`/api/console/api-keys/${created.apiKey.id}`);
    expect(again.body.revokedAt).toBe(res.body.revokedAt);

    const deadline = Date.now() + 5_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = await client.models.list().then(
        () => 200,
        (e: { status?: number }) => e.status ?? 0,
      );
      if (status === 401) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(401);
  });

  it("validates the body with field paths", async () => {
    const res = await as.admin.post<Problem>("/api/console/api-keys", {
      tenantId: "nope",
      name: "",
      scopes: ["root"],
    });
    expect(res.status).toBe(400);
    const paths = res.body.errors?.map((e) => e.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(["tenantId", "name", "scopes.0"]));
    const missing = await as.admin.post<Problem>("/api/console/api-keys", {
      tenantId: "00000000-0000-4000-8000-000000000000",
      name: "x",
    });
    expect(missing.status).toBe(404);
    const list = await as.viewer.get<Problem>("/api/console/api-keys");
    expect(list.status).toBe(400);
    expect(list.body.errors?.[0]?.path).toBe("tenantId");
  });

  it("is admin only for writes, and checks Origin", async () => {
    for (const who of ["editor", "viewer"] as const) {
      const res = await as[who].post<Problem>("/api/console/api-keys", {
        tenantId: tenant.id,
        name: "nope",
      });
      expect(res.status).toBe(403);
    }
    const list = await as.viewer.get<{ keys: ApiKeyView[] }>(
      `/api/console/api-keys?tenantId=${tenant.id}`,
    );
    const id = list.body.keys.find((k) => k.revokedAt === null)!.id;
    expect((await as.editor.delete(`/api/console/api-keys/${id}`)).status).toBe(403);
    const noOrigin = await as.admin.delete<Problem>(`/api/console/api-keys/${id}`, {
      origin: "http://attacker.test",
    });
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.body.code).toBe("bad_origin");
  });
});
