import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../../support/app-server";
import { signInDemoRoles, startConsoleApp, type ConsoleClient } from "../../support/console-client";

interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}
interface Metric {
  name: string;
  type: string;
  min: number | null;
  max: number | null;
  higherIsBetter: boolean;
}

describe("console API: route quality metrics", () => {
  let app: AppServer;
  let as: Record<"admin" | "editor" | "viewer", ConsoleClient>;
  let slug: string;

  beforeAll(async () => {
    app = await startConsoleApp();
    as = await signInDemoRoles(app.url);
    const routes = await as.viewer.get<{ routes: { slug: string }[] }>("/api/console/routes");
    slug = routes.body.routes[0]!.slug;
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("declares, lists, replaces and deletes a metric (editor); viewers read", async () => {
    const path = `/api/console/routes/${slug}/metrics`;
    const name = `stars_${Date.now().toString(36)}`;
    const put = await as.editor.put<Metric>(path, { name, type: "number", min: 1, max: 5 });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name, type: "number", min: 1, max: 5, higherIsBetter: true });
    await as.editor.put(path, { name, type: "number", min: 0, max: 10, higherIsBetter: false });
    const list = await as.viewer.get<{ metrics: Metric[] }>(path);
    expect(list.body.metrics.find((m) => m.name === name)).toMatchObject({
      max: 10,
      higherIsBetter: false,
    });
    expect((await as.viewer.put(path, { name: "x", type: "boolean" })).status).toBe(403);
    expect((await as.editor.delete(`${path}/${name}`)).status).toBe(204);
    const again = await as.editor.delete<Problem>(`${path}/${name}`);
    expect(again.status).toBe(404);
    expect(again.headers.get("content-type")).toContain("application/problem+json");
  });

  it("refuses bad declarations as problem+json naming the field", async () => {
    const path = `/api/console/routes/${slug}/metrics`;
    const cases: [unknown, string][] = [
      [{ name: "Bad Name", type: "boolean" }, "name"],
      [{ name: "s", type: "number", min: 5, max: 1 }, "max"],
      [{ name: "v", type: "category" }, "categories"],
      [{ name: "b", type: "boolean", min: 0 }, "min"],
      [{ name: "t", type: "text" }, "type"],
    ];
    for (const [body, field] of cases) {
      const res = await as.editor.put<Problem>(path, body);
      expect(res.status).toBe(400);
      expect((res.body.errors ?? []).map((e) => e.path)).toContain(field);
    }
    expect(
      (await as.editor.put(`/api/console/routes/nope-404/metrics`, { name: "a", type: "boolean" }))
        .status,
    ).toBe(404);
  });
});
