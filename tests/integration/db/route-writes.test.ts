import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { readConfigRevisions } from "@/lib/db/config-revision";
import { deleteRoute } from "@/lib/db/route-writes";
import { setupTestDb, testDatabaseKind, uniqueSuffix } from "../../support/db";

const getDb = setupTestDb();
const actor = { id: null, email: "test@switchboard.local" };

async function makeRoute(slug: string) {
  const db = await getDb();
  await db.route.create({ data: { slug } });
  return db;
}

// This file's schema holds only the routes it makes, so "the last route" is under its control.
describe(`route deletion on ${testDatabaseKind}`, () => {
  it("refuses the last route and the active rollback route; decisions stay", async () => {
    const a = `a-${uniqueSuffix()}`;
    const b = `b-${uniqueSuffix()}`;
    const db = await makeRoute(a);
    await makeRoute(b);
    await db.rollbackToggle.create({ data: { id: "global", enabled: true, routeSlug: b } });
    await expect(deleteRoute(db, actor, b)).rejects.toMatchObject({ code: "conflict" });

    await db.decision.create({
      data: {
        requestId: `req-${a}`,
        createdAt: new Date(),
        routeSlug: a,
        strategy: "single",
        features: {},
        trace: {},
        status: "success",
        httpStatus: 200,
        latencyMs: 10,
      },
    });
    const before = await readConfigRevisions(db);
    await deleteRoute(db, actor, a);
    expect((await readConfigRevisions(db)).routing).toBe(before.routing + 1n);
    expect(await db.route.count({ where: { slug: a } })).toBe(0);
    expect(await db.decision.count({ where: { routeSlug: a } })).toBe(1);

    await db.rollbackToggle.update({ where: { id: "global" }, data: { enabled: false } });
    const last = deleteRoute(db, actor, b);
    await expect(last).rejects.toBeInstanceOf(AppError);
    await expect(last).rejects.toMatchObject({ code: "conflict", message: /only route/ });
    await expect(deleteRoute(db, actor, "no-such-route")).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
