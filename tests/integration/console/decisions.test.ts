import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DecisionDetailSchema,
  DecisionFacetsSchema,
  DecisionPageSchema,
  type DecisionPageView,
} from "@/lib/schemas/console/decisions";
import { startAppServer, type AppServer } from "../../support/app-server";
import { signInDemoRoles, type ConsoleClient } from "../../support/console-client";

interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

describe("console API: decisions", () => {
  let app: AppServer;
  let as: Record<"admin" | "editor" | "viewer", ConsoleClient>;

  beforeAll(async () => {
    app = await startAppServer({ SWITCHBOARD_DEMO_HISTORY_DAYS: "1" });
    as = await signInDemoRoles(app.url);
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
  });

  const page = async (qs: string): Promise<DecisionPageView> => {
    const res = await as.viewer.get(`/api/console/decisions${qs}`);
    expect(res.status).toBe(200);
    return DecisionPageSchema.parse(res.body);
  };

  it("pages newest first with a keyset cursor, without overlap", async () => {
    const first = await page("?limit=25");
    expect(first.items).toHaveLength(25);
    expect(first.nextCursor).not.toBeNull();
    const second = await page(`?limit=25&cursor=${first.nextCursor}`);
    const all = [...first.items, ...second.items];
    expect(new Set(all.map((d) => d.id)).size).toBe(50);
    const times = all.map((d) => Date.parse(d.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("sorts by cost and latency on the server, paging with cursors that carry the sort key", async () => {
    const ids = new Set<string>();
    const costs: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 3; i++) {
      const p: DecisionPageView = await page(
        `?sort=cost&dir=desc&limit=20${cursor ? `&cursor=${cursor}` : ""}`,
      );
      for (const d of p.items) ids.add(d.id);
      costs.push(...p.items.map((d) => d.costUsd));
      cursor = p.nextCursor;
    }
    expect(ids.size).toBe(60);
    expect([...costs].sort((a, b) => b - a)).toEqual(costs);
    const top = await page("?sort=cost&limit=1");
    const everything = await page("?limit=200");
    // The most expensive decision overall, not just among the newest rows.
    expect(top.items[0]!.costUsd).toBeGreaterThanOrEqual(
      Math.max(...everything.items.map((d) => d.costUsd)),
    );
    expect(top.items[0]!.costUsd).toBe(costs[0]);

    const fastFirst = await page("?sort=latency&dir=asc&limit=30");
    const fastNext = await page(`?sort=latency&dir=asc&limit=30&cursor=${fastFirst.nextCursor}`);
    const latencies = [...fastFirst.items, ...fastNext.items].map((d) => d.latencyMs);
    expect([...latencies].sort((a, b) => a - b)).toEqual(latencies);
    expect(fastNext.items[0]!.latencyMs).toBeGreaterThanOrEqual(fastFirst.items[29]!.latencyMs);

    const oldestFirst = await page("?sort=time&dir=asc&limit=5");
    const times = oldestFirst.items.map((d) => d.createdAt);
    expect([...times].sort()).toEqual(times);
    // A cursor made for another order starts that order from its first page.
    const timeCursor = (await page("?limit=5")).nextCursor;
    const mixed = await page(`?sort=cost&limit=5&cursor=${timeCursor}`);
    expect(mixed.items.map((d) => d.id)).toEqual(
      (await page("?sort=cost&limit=5")).items.map((d) => d.id),
    );

    const bad = await as.viewer.get<Problem>("/api/console/decisions?sort=price&dir=up");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(["dir", "sort"]);
  });

  it("filters by route, model, status, flags, cost and time", async () => {
    const facets = DecisionFacetsSchema.parse(
      (await as.viewer.get("/api/console/decisions/facets")).body,
    );
    expect(facets.routes.length).toBeGreaterThan(0);
    const sample = (await page("?limit=50")).items.find((d) => d.finalModel !== null)!;
    const byRoute = await page(`?route=${sample.routeSlug}&limit=50`);
    expect(byRoute.items.every((d) => d.routeSlug === sample.routeSlug)).toBe(true);
    const byModel = await page(`?model=${encodeURIComponent(sample.finalModel!)}&limit=50`);
    expect(byModel.items.every((d) => d.finalModel === sample.finalModel)).toBe(true);
    const failed = await page("?status=upstream_error&limit=50");
    expect(failed.items.every((d) => d.status === "upstream_error")).toBe(true);
    const esc = await page("?escalated=true&limit=50");
    expect(esc.items.every((d) => d.escalated)).toBe(true);
    const fb = await page("?fellBack=false&limit=50");
    expect(fb.items.every((d) => !d.fellBack)).toBe(true);
    const cheap = await page("?minCost=0.001&maxCost=0.01&limit=50");
    expect(cheap.items.every((d) => d.costUsd >= 0.001 && d.costUsd <= 0.01)).toBe(true);
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const recent = await page(`?from=${encodeURIComponent(from)}&limit=50`);
    expect(recent.items.every((d) => d.createdAt >= from)).toBe(true);
    if (sample.tenantId) {
      const byTenant = await page(`?tenantId=${sample.tenantId}&limit=20`);
      expect(byTenant.items.every((d) => d.tenantId === sample.tenantId)).toBe(true);
    }
  });

  it("answers field errors for bad filters", async () => {
    const res = await as.viewer.get<Problem>(
      "/api/console/decisions?status=great&escalated=maybe&minCost=5&maxCost=1&limit=999&from=yesterday&bogus=1",
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_failed");
    const paths = res.body.errors?.map((e) => e.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(["status", "escalated", "limit", "from"]));
  });

  it("shows one decision in detail with trace and attempts", async () => {
    const { items } = await page("?status=success&limit=5");
    const res = await as.viewer.get(`/api/console/decisions/${items[0]!.id}`);
    expect(res.status).toBe(200);
    const detail = DecisionDetailSchema.parse(res.body);
    expect(detail.attempts.length).toBeGreaterThan(0);
    expect(detail.trace).toMatchObject({ rules: expect.any(Array) });
    expect(res.body).not.toHaveProperty("content");
    expect(
      (await as.viewer.get("/api/console/decisions/00000000-0000-4000-8000-000000000000")).status,
    ).toBe(404);
    expect((await as.viewer.get("/api/console/decisions/not-an-id")).status).toBe(404);
  });

  it("needs a session", async () => {
    expect((await fetch(`${app.url}/api/console/decisions`)).status).toBe(401);
    expect((await fetch(`${app.url}/api/console/decisions/facets`)).status).toBe(401);
  });
});
