import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TenantViewSchema, type TenantView } from "@/lib/schemas/console/tenants";
import { startAppServer, type AppServer } from "../../support/app-server";
import { signInDemoRoles, type ConsoleClient } from "../../support/console-client";

interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

describe("console API: tenants and budgets", () => {
  let app: AppServer;
  let as: Record<"admin" | "editor" | "viewer", ConsoleClient>;
  const slug = `t-${Date.now().toString(36)}`;
  let tenant: TenantView;

  beforeAll(async () => {
    app = await startAppServer({ SWITCHBOARD_DEMO_HISTORY_DAYS: "1" });
    as = await signInDemoRoles(app.url);
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("lists the seeded tenants with budgets for a viewer", async () => {
    const res = await as.viewer.get<{ tenants: unknown[] }>("/api/console/tenants");
    expect(res.status).toBe(200);
    const tenants = res.body.tenants.map((t) => TenantViewSchema.parse(t));
    expect(tenants.length).toBeGreaterThan(0);
    expect(tenants.some((t) => t.budgets.length > 0)).toBe(true);
  });

  it("lets an editor create a tenant, with field errors for bad input", async () => {
    const bad = await as.editor.post<Problem>("/api/console/tenants", { slug: "X", name: "" });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("validation_failed");
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(["name", "slug"]);

    const extra = await as.editor.post<Problem>("/api/console/tenants", {
      slug,
      name: "Acme",
      owner: "me",
    });
    expect(extra.status).toBe(400);

    const res = await as.editor.post<TenantView>("/api/console/tenants", { slug, name: "Acme" });
    expect(res.status).toBe(201);
    tenant = TenantViewSchema.parse(res.body);
    expect(tenant).toMatchObject({ slug, name: "Acme", allowDirectModels: true, budgets: [] });

    const dup = await as.editor.post<Problem>("/api/console/tenants", { slug, name: "Again" });
    expect(dup.status).toBe(409);
    expect(dup.body.errors?.[0]?.path).toBe("slug");
  });

  it("updates settings and reads one tenant", async () => {
    const res = await as.editor.patch<TenantView>(`/api/console/tenants/${tenant.id}`, {
      name: "Acme Corp",
      modelAllowlist: ["gpt-4o-mini"],
      captureContent: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "Acme Corp", modelAllowlist: ["gpt-4o-mini"] });
    const read = await as.viewer.get<TenantView>(`/api/console/tenants/${tenant.id}`);
    expect(read.body.captureContent).toBe(true);
    expect((await as.viewer.get(`/api/console/tenants/not-a-uuid`)).status).toBe(404);
    const empty = await as.editor.patch<Problem>(`/api/console/tenants/${tenant.id}`, {});
    expect(empty.status).toBe(400);
  });

  it("creates, changes and removes budgets", async () => {
    const path = `/api/console/tenants/${tenant.id}/budgets/daily`;
    const bad = await as.editor.put<Problem>(path, {
      limitUsd: -1,
      softThreshold: 2,
      hardLimit: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(["limitUsd", "softThreshold"]);

    const put = await as.editor.put<{ limitUsd: number; spentUsd: number }>(path, {
      limitUsd: 25,
      softThreshold: 0.75,
      hardLimit: true,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ limitUsd: 25, spentUsd: 0, softThreshold: 0.75 });
    await as.editor.put(path, { limitUsd: 30, softThreshold: 0.8, hardLimit: false });
    const read = await as.viewer.get<TenantView>(`/api/console/tenants/${tenant.id}`);
    expect(read.body.budgets).toEqual([
      expect.objectContaining({ period: "daily", limitUsd: 30, hardLimit: false }),
    ]);
    expect(
      (
        await as.editor.put(`/api/console/tenants/${tenant.id}/budgets/weekly`, {
          limitUsd: 1,
          softThreshold: 0.5,
          hardLimit: true,
        })
      ).status,
    ).toBe(404);
    expect((await as.editor.delete(path)).status).toBe(200);
    expect((await as.editor.delete(path)).status).toBe(404);
  });

  it("refuses viewers, anonymous callers and cross-origin writes", async () => {
    const viewer = await as.viewer.post<Problem>("/api/console/tenants", {
      slug: "v-x",
      name: "V",
    });
    expect(viewer.status).toBe(403);
    expect(viewer.body.code).toBe("forbidden");
    const budget = await as.viewer.put(`/api/console/tenants/${tenant.id}/budgets/daily`, {
      limitUsd: 1,
      softThreshold: 0.5,
      hardLimit: true,
    });
    expect(budget.status).toBe(403);
    expect((await fetch(`${app.url}/api/console/tenants`)).status).toBe(401);
    const cross = await as.editor.patch<Problem>(
      `/api/console/tenants/${tenant.id}`,
      { name: "Evil" },
      { origin: "https://evil.example" },
    );
    expect(cross.status).toBe(403);
    expect(cross.body.code).toBe("bad_origin");
  });

  it("pages tenants by name with a keyset cursor and searches name or slug", async () => {
    const tag = `pg${Date.now().toString(36)}`;
    for (const n of ["C", "A", "B"])
      expect(
        (
          await as.editor.post("/api/console/tenants", {
            slug: `${tag}-${n.toLowerCase()}`,
            name: `${tag} ${n}`,
          })
        ).status,
      ).toBe(201);
    type Page = { tenants: TenantView[]; nextCursor: string | null };
    const first = await as.viewer.get<Page>(`/api/console/tenants?q=${tag.toUpperCase()}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.tenants.map((t) => t.name)).toEqual([`${tag} A`, `${tag} B`]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await as.viewer.get<Page>(
      `/api/console/tenants?q=${tag}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.tenants.map((t) => t.name)).toEqual([`${tag} C`]);
    expect(second.body.nextCursor).toBeNull();
    const bySlug = await as.viewer.get<Page>(`/api/console/tenants?q=${tag}-b`);
    expect(bySlug.body.tenants.map((t) => t.slug)).toEqual([`${tag}-b`]);

    const bad = await as.viewer.get<Problem>("/api/console/tenants?limit=0&order=name");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect((bad.body.errors ?? []).map((e) => e.path).sort()).toEqual(["", "limit"]);
    expect((await fetch(`${app.url}/api/console/tenants`)).status).toBe(401);
  });

  it("sorts on the server by name or slug, both directions, with cursors that carry the order", async () => {
    const tag = `so${Date.now().toString(36)}`;
    // Two tenants share a name: the id breaks the tie, so paging one at a time meets each once.
    const specs = [
      ["c", "C"],
      ["a", "B"],
      ["d", "A"],
      ["b", "B"],
    ] as const;
    for (const [s, n] of specs)
      expect(
        (await as.editor.post("/api/console/tenants", { slug: `${tag}-${s}`, name: `${tag} ${n}` }))
          .status,
      ).toBe(201);
    type Page = { tenants: TenantView[]; nextCursor: string | null };
    const readAll = async (query: string, limit: number) => {
      const seen: TenantView[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const res: { status: number; body: Page } = await as.viewer.get<Page>(
          `/api/console/tenants?q=${tag}&limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ""}`,
        );
        expect(res.status).toBe(200);
        seen.push(...res.body.tenants);
        cursor = res.body.nextCursor;
        if (!cursor) break;
      }
      return seen;
    };
    const byNameAsc = await readAll("sort=name&dir=asc", 1);
    expect(byNameAsc.map((t) => t.name)).toEqual([`${tag} A`, `${tag} B`, `${tag} B`, `${tag} C`]);
    const tiedAsc = byNameAsc.slice(1, 3).map((t) => t.id);
    expect(tiedAsc).toEqual([...tiedAsc].sort());
    const byNameDesc = await readAll("sort=name&dir=desc", 1);
    expect(byNameDesc.map((t) => t.id)).toEqual(byNameAsc.map((t) => t.id).reverse());
    expect((await readAll("dir=desc", 3)).map((t) => t.id)).toEqual(byNameDesc.map((t) => t.id));
    const slugs = ["a", "b", "c", "d"].map((s) => `${tag}-${s}`);
    expect((await readAll("sort=slug", 2)).map((t) => t.slug)).toEqual(slugs);
    expect((await readAll("sort=slug&dir=desc", 3)).map((t) => t.slug)).toEqual(
      [...slugs].reverse(),
    );

    // A cursor made for another order starts over instead of skipping rows.
    const asc = await as.viewer.get<Page>(`/api/console/tenants?q=${tag}&limit=2&sort=slug`);
    const mixed = await as.viewer.get<Page>(
      `/api/console/tenants?q=${tag}&limit=2&sort=slug&dir=desc&cursor=${asc.body.nextCursor}`,
    );
    expect(mixed.body.tenants.map((t) => t.slug)).toEqual([slugs[3], slugs[2]]);

    for (const query of ["sort=budget", "sort=keys&dir=desc", "dir=down"]) {
      const bad = await as.viewer.get<Problem>(`/api/console/tenants?${query}`);
      expect(bad.status).toBe(400);
      expect(bad.headers.get("content-type")).toContain("application/problem+json");
      expect(bad.body.code).toBe("validation_failed");
      expect((bad.body.errors ?? []).map((e) => e.path)).toEqual([
        query.startsWith("dir") ? "dir" : "sort",
      ]);
    }
  });
});
