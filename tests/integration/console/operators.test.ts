import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OperatorViewSchema, type OperatorView } from "@/lib/schemas/console/operators";
import { startAppServer, type AppServer } from "../../support/app-server";
import { signIn, signInDemoRoles, type ConsoleClient } from "../../support/console-client";

interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

describe("console API: operators", () => {
  let app: AppServer;
  let as: Record<"admin" | "editor" | "viewer", ConsoleClient>;
  const email = `ops-${Date.now().toString(36)}@example.com`;
  let created: OperatorView;

  beforeAll(async () => {
    app = await startAppServer({ SWITCHBOARD_DEMO_HISTORY_DAYS: "1" });
    as = await signInDemoRoles(app.url);
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("lists operators for admins only, never with password hashes", async () => {
    const res = await as.admin.get<{ operators: unknown[] }>("/api/console/operators");
    expect(res.status).toBe(200);
    const ops = res.body.operators.map((o) => OperatorViewSchema.parse(o));
    expect(ops.map((o) => o.email)).toContain("admin@switchboard.local");
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|\$2[aby]\$/);
    expect((await as.editor.get("/api/console/operators")).status).toBe(403);
    expect((await as.viewer.get("/api/console/operators")).status).toBe(403);
  });

  it("creates an operator who can sign in; validates fields", async () => {
    const bad = await as.admin.post<Problem>("/api/console/operators", {
      email: "not-an-email",
      name: "",
      role: "root",
      password: "short",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual([
      "email",
      "name",
      "password",
      "role",
    ]);

    const res = await as.admin.post<OperatorView>("/api/console/operators", {
      email: email.toUpperCase(),
      name: "New Op",
      role: "viewer",
      password: "correct horse",
    });
    expect(res.status).toBe(201);
    created = OperatorViewSchema.parse(res.body);
    expect(created.email).toBe(email);
    const client = await signIn(app.url, email, "correct horse");
    expect((await client.get("/api/console/tenants")).status).toBe(200);

    const dup = await as.admin.post<Problem>("/api/console/operators", {
      email,
      name: "Again",
      role: "viewer",
      password: "another one",
    });
    expect(dup.status).toBe(409);
    expect(dup.body.errors?.[0]?.path).toBe("email");
  });

  it("changes roles and disables; a disabled operator loses access at once", async () => {
    const client = await signIn(app.url, email, "correct horse");
    const promote = await as.admin.patch<OperatorView>(`/api/console/operators/${created.id}`, {
      role: "editor",
    });
    expect(promote.body.role).toBe("editor");
    const disable = await as.admin.patch<OperatorView>(`/api/console/operators/${created.id}`, {
      disabled: true,
    });
    expect(disable.body.disabled).toBe(true);
    expect((await client.get("/api/console/tenants")).status).toBe(401);
  });

  it("never leaves zero active admins", async () => {
    const list = await as.admin.get<{ operators: OperatorView[] }>("/api/console/operators");
    const admins = list.body.operators.filter((o) => o.role === "admin" && !o.disabled);
    const self = admins.find((o) => o.email === "admin@switchboard.local")!;
    // Demote every other admin first so the demo admin is the last one.
    for (const other of admins.filter((o) => o.id !== self.id))
      await as.admin.patch(`/api/console/operators/${other.id}`, { role: "editor" });
    const demote = await as.admin.patch<Problem>(`/api/console/operators/${self.id}`, {
      role: "viewer",
    });
    expect(demote.status).toBe(409);
    expect(demote.body.errors?.[0]?.path).toBe("role");
    const disable = await as.admin.patch<Problem>(`/api/console/operators/${self.id}`, {
      disabled: true,
    });
    expect(disable.status).toBe(409);
    expect(disable.body.errors?.[0]?.path).toBe("disabled");
  });

  it("refuses non-admins and cross-origin writes", async () => {
    const res = await as.editor.post<Problem>("/api/console/operators", {
      email: "x@example.com",
      name: "X",
      role: "admin",
      password: "12345678",
    });
    expect(res.status).toBe(403);
    expect(
      (await as.viewer.patch(`/api/console/operators/${created.id}`, { role: "admin" })).status,
    ).toBe(403);
    const cross = await as.admin.patch<Problem>(
      `/api/console/operators/${created.id}`,
      { disabled: false },
      { origin: "https://evil.example" },
    );
    expect(cross.body.code).toBe("bad_origin");
    expect((await as.admin.patch(`/api/console/operators/nope`, { disabled: false })).status).toBe(
      404,
    );
  });

  it("pages operators by email and searches email or name (admin only)", async () => {
    const tag = `pg${Date.now().toString(36)}`;
    for (const n of ["c", "a", "b"])
      expect(
        (
          await as.admin.post("/api/console/operators", {
            email: `${tag}-${n}@example.com`,
            name: `Pager ${n.toUpperCase()}`,
            role: "viewer",
            password: "long-enough-password",
          })
        ).status,
      ).toBe(201);
    type Page = { operators: OperatorView[]; nextCursor: string | null };
    const first = await as.admin.get<Page>(`/api/console/operators?q=${tag}&limit=2`);
    expect(first.body.operators.map((o) => o.email)).toEqual([
      `${tag}-a@example.com`,
      `${tag}-b@example.com`,
    ]);
    const second = await as.admin.get<Page>(
      `/api/console/operators?q=${tag}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.operators.map((o) => o.email)).toEqual([`${tag}-c@example.com`]);
    expect(second.body.nextCursor).toBeNull();
    const byName = await as.admin.get<Page>(`/api/console/operators?q=pager%20b`);
    expect(byName.body.operators.map((o) => o.email)).toContain(`${tag}-b@example.com`);
    expect((await as.admin.get<Problem>("/api/console/operators?limit=500")).status).toBe(400);
    expect((await as.viewer.get(`/api/console/operators?q=${tag}`)).status).toBe(403);

    // Descending by email on the server: the cursor continues the same order.
    const down = await as.admin.get<Page>(`/api/console/operators?q=${tag}&limit=2&dir=desc`);
    expect(down.body.operators.map((o) => o.email)).toEqual([
      `${tag}-c@example.com`,
      `${tag}-b@example.com`,
    ]);
    const downNext = await as.admin.get<Page>(
      `/api/console/operators?q=${tag}&limit=2&sort=email&dir=desc&cursor=${down.body.nextCursor}`,
    );
    expect(downNext.body.operators.map((o) => o.email)).toEqual([`${tag}-a@example.com`]);
    expect(downNext.body.nextCursor).toBeNull();
    // An ascending cursor on a descending read starts over rather than skipping rows.
    const restart = await as.admin.get<Page>(
      `/api/console/operators?q=${tag}&limit=2&dir=desc&cursor=${first.body.nextCursor}`,
    );
    expect(restart.body.operators.map((o) => o.email)).toEqual(
      down.body.operators.map((o) => o.email),
    );
    for (const [query, path] of [
      ["sort=name", "sort"],
      ["sort=lastLogin&dir=desc", "sort"],
      ["dir=up", "dir"],
    ] as const) {
      const bad = await as.admin.get<Problem>(`/api/console/operators?${query}`);
      expect(bad.status).toBe(400);
      expect(bad.headers.get("content-type")).toContain("application/problem+json");
      expect((bad.body.errors ?? []).map((e) => e.path)).toEqual([path]);
    }
  });

  async function newOperator(role: "viewer" | "editor", password: string) {
    const email = `pw-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
    const res = await as.admin.post<OperatorView>("/api/console/operators", {
      email,
      name: "Password test",
      role,
      password,
    });
    expect(res.status).toBe(201);
    return { id: res.body.id, email, client: await signIn(app.url, email, password) };
  }

  it("lets an admin reset another operator's password, ending their sessions", async () => {
    const target = await newOperator("editor", "first-password");
    const path = `/api/console/operators/${target.id}/password`;
    const body = { password: "second-password" };
    expect((await as.viewer.put<Problem>(path, body)).body.code).toBe("forbidden");
    expect((await as.editor.put<Problem>(path, body)).body.code).toBe("forbidden");
    const cross = await as.admin.put<Problem>(path, body, { origin: "https://evil.example" });
    expect(cross.body.code).toBe("bad_origin");
    const short = await as.admin.put<Problem>(path, { password: "short" });
    expect(short.status).toBe(400);
    expect(short.headers.get("content-type")).toContain("application/problem+json");
    expect(short.body.errors?.[0]?.path).toBe("password");
    expect((await as.admin.put<Problem>(path, { ...body, extra: 1 })).status).toBe(400);
    expect((await as.admin.put(`/api/console/operators/nope/password`, body)).status).toBe(404);
    expect((await target.client.get("/api/console/tenants")).status).toBe(200);

    const res = await as.admin.put<{ sessionsEnded: boolean }>(path, body);
    expect(res.status).toBe(200);
    expect(res.body.sessionsEnded).toBe(true);
    expect((await target.client.get("/api/console/tenants")).status).toBe(401);
    await expect(signIn(app.url, target.email, "first-password")).rejects.toThrow();
    const again = await signIn(app.url, target.email, "second-password");
    expect((await again.get("/api/console/tenants")).status).toBe(200);
    const audit = await as.admin.get<{ entries: { action: string; entityId: string }[] }>(
      "/api/console/audit?entityType=operator",
    );
    expect(audit.body.entries[0]).toMatchObject({
      action: "operator.password_reset",
      entityId: target.id,
    });
    expect(JSON.stringify(audit.body)).not.toMatch(/second-password|\$2[aby]\$/);
  });

  it("lets any operator change their own password with the current one", async () => {
    const me = await newOperator("viewer", "viewer-password-1");
    const other = await signIn(app.url, me.email, "viewer-password-1");
    const path = "/api/console/account/password";
    const wrong = await me.client.put<Problem>(path, {
      currentPassword: "not-it-at-all",
      newPassword: "viewer-password-2",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors?.[0]?.path).toBe("currentPassword");
    const invalid = await me.client.put<Problem>(path, {
      currentPassword: "viewer-password-1",
      newPassword: "short",
    });
    expect(invalid.body.errors?.map((e) => e.path)).toEqual(["newPassword"]);
    const same = await me.client.put<Problem>(path, {
      currentPassword: "viewer-password-1",
      newPassword: "viewer-password-1",
    });
    expect(same.body.errors?.[0]?.path).toBe("newPassword");
    const cross = await me.client.put<Problem>(
      path,
      { currentPassword: "viewer-password-1", newPassword: "viewer-password-2" },
      { origin: "https://evil.example" },
    );
    expect(cross.body.code).toBe("bad_origin");
    expect((await fetch(`${app.url}${path}`, { method: "PUT" })).status).toBe(403);

    const ok = await me.client.put(path, {
      currentPassword: "viewer-password-1",
      newPassword: "viewer-password-2",
    });
    expect(ok.status).toBe(200);
    expect((await other.get("/api/console/routes")).status).toBe(401);
    expect((await me.client.get("/api/console/routes")).status).toBe(401);
    const fresh = await signIn(app.url, me.email, "viewer-password-2");
    expect((await fresh.get("/api/console/routes")).status).toBe(200);
  });
});
