import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../../support/app-server";
import { signInDemoRoles, startConsoleApp, type ConsoleClient } from "../../support/console-client";

interface Page {
  entries: {
    id: string;
    action: string;
    entityType: string;
    actorEmail: string;
    before: unknown;
    after: unknown;
  }[];
  nextCursor: string | null;
}

describe("console API: audit log", () => {
  let app: AppServer;
  let as: Record<"admin" | "editor" | "viewer", ConsoleClient>;

  beforeAll(async () => {
    app = await startConsoleApp();
    as = await signInDemoRoles(app.url);
    const list = await as.viewer.get<{ models: { id: string; declaredLatencyMs: number }[] }>(
      "/api/console/models",
    );
    const model = list.body.models[0]!;
    for (let i = 0; i < 5; i++)
      await as.editor.patch(`/api/console/models/${model.id}`, {
        declaredLatencyMs: model.declaredLatencyMs + i + 1,
      });
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("pages newest first with a cursor, with before/after", async () => {
    const first = await as.viewer.get<Page>("/api/console/audit?limit=2");
    expect(first.status).toBe(200);
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.entries[0]).toMatchObject({
      action: "model.update",
      actorEmail: "editor@switchboard.local",
    });
    expect(first.body.entries[0]!.before).toBeTruthy();
    expect(first.body.nextCursor).not.toBeNull();
    const second = await as.viewer.get<Page>(
      `/api/console/audit?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.entries).toHaveLength(2);
    expect(Number(second.body.entries[0]!.id)).toBeLessThan(Number(first.body.entries[1]!.id));
  });

  it("filters by entity type and rejects a bad cursor", async () => {
    const res = await as.viewer.get<Page>("/api/console/audit?entityType=model");
    expect(res.body.entries.every((e) => e.entityType === "model")).toBe(true);
    const bad = await as.viewer.get<{ errors: { path: string }[] }>(
      "/api/console/audit?cursor=abc",
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]!.path).toBe("cursor");
  });

  it("needs a session", async () => {
    expect((await fetch(`${app.url}/api/console/audit`)).status).toBe(401);
  });
});
