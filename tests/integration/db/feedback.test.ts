import { describe, expect, it } from "vitest";
import { readConfigRevisions } from "@/lib/db/config-revision";
import {
  feedbackIdOf,
  findDecisionRef,
  writeFeedbackBatch,
  type FeedbackItem,
} from "@/lib/db/feedback";
import { deleteRouteMetric, listRouteMetrics, upsertRouteMetric } from "@/lib/db/route-metrics";
import { readQualityReport } from "@/lib/db/quality-report";
import { RouteMetricInputSchema } from "@/lib/schemas/route-metrics";
import { setupTestDb, testDatabaseKind, uniqueSuffix } from "../../support/db";

const getDb = setupTestDb();
const actor = { id: null, email: "test@switchboard.local" };
const decisionAt = new Date("2026-12-07T10:15:00Z");

function item(
  decisionId: string,
  tenantId: string,
  routeSlug: string,
  over: Partial<FeedbackItem>,
) {
  const metric = over.metric ?? "thumbs";
  const source = over.source ?? "user";
  return {
    id: feedbackIdOf(decisionId, metric, source),
    decisionId,
    tenantId,
    routeSlug,
    model: "m-small",
    policyVersion: 3,
    decisionAt,
    metric,
    source,
    value: 1,
    category: null,
    comment: null,
    endUserId: null,
    receivedAt: new Date(),
    ...over,
  } satisfies FeedbackItem;
}

describe(`feedback persistence on ${testDatabaseKind}`, () => {
  it("declares metrics per route, audited, bumping the routing revision", async () => {
    const db = await getDb();
    const slug = `fb-${uniqueSuffix()}`;
    await db.route.create({ data: { slug } });
    const before = await readConfigRevisions(db);
    const input = RouteMetricInputSchema.parse({ name: "score", type: "number", min: 0, max: 5 });
    await upsertRouteMetric(db, actor, slug, input);
    await upsertRouteMetric(db, actor, slug, { ...input, higherIsBetter: false });
    const metrics = await listRouteMetrics(db, slug);
    expect(metrics).toEqual([
      expect.objectContaining({
        name: "score",
        type: "number",
        min: 0,
        max: 5,
        higherIsBetter: false,
      }),
    ]);
    expect((await readConfigRevisions(db)).routing).toBeGreaterThan(before.routing);
    await deleteRouteMetric(db, actor, slug, "score");
    expect(await listRouteMetrics(db, slug)).toEqual([]);
    await expect(deleteRouteMetric(db, actor, slug, "score")).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("upserts per (decision, metric, source): last value wins, rollups follow", async () => {
    const db = await getDb();
    const slug = `fb-${uniqueSuffix()}`;
    await db.route.create({ data: { slug } });
    const tenantId = crypto.randomUUID();
    const d1 = crypto.randomUUID();
    const d2 = crypto.randomUUID();
    const first = await writeFeedbackBatch(db, [
      item(d1, tenantId, slug, { value: 1 }),
      item(d2, tenantId, slug, { value: 0 }),
      item(d1, tenantId, slug, { metric: "stars", value: 4 }),
      item(d1, tenantId, slug, { metric: "stars", value: 5 }),
    ]);
    expect(first).toEqual({ inserted: 3, replaced: 0 });
    const again = await writeFeedbackBatch(db, [item(d2, tenantId, slug, { value: 1 })]);
    expect(again).toEqual({ inserted: 0, replaced: 1 });
    const rows = await db.feedback.findMany({
      where: { routeSlug: slug },
      orderBy: { metric: "asc" },
    });
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.decisionId === d2)?.value).toBe(1);
    expect(rows.find((r) => r.metric === "stars")?.value).toBe(5);

    const quality = await readQualityReport(db, {
      route: slug,
      from: new Date("2026-12-07T00:00:00Z"),
      to: new Date("2026-12-08T00:00:00Z"),
      groupBy: "model",
      bucket: "hour",
    });
    // The rollups follow the replaced value: both thumbs are now 1, stars holds its last value.
    const stat = (metric: string) => quality.total.feedback.find((f) => f.metric === metric);
    expect(stat("thumbs")).toMatchObject({ n: 2, value: 1 });
    expect(stat("stars")).toMatchObject({ n: 1, value: 5 });
    expect(quality.groups[0]?.series[0]?.bucketStart).toBe("2026-12-07T10:00:00.000Z");
  });

  it("finds a tenant's decision by id or request id, never another tenant's", async () => {
    const db = await getDb();
    const tenant = await db.tenant.create({ data: { slug: `t-${uniqueSuffix()}`, name: "t" } });
    const decision = await db.decision.create({
      data: {
        requestId: `req-${uniqueSuffix()}`,
        createdAt: decisionAt,
        tenantId: tenant.id,
        routeSlug: "auto",
        policyVersion: 2,
        finalModel: "m-large",
        strategy: "single",
        features: {},
        trace: {},
        status: "success",
        httpStatus: 200,
        latencyMs: 10,
      },
    });
    const ref = await findDecisionRef(db, tenant.id, { decisionId: decision.id });
    expect(ref).toMatchObject({ id: decision.id, model: "m-large", policyVersion: 2 });
    expect(await findDecisionRef(db, tenant.id, { requestId: decision.requestId })).toMatchObject({
      id: decision.id,
    });
    expect(await findDecisionRef(db, crypto.randomUUID(), { decisionId: decision.id })).toBeNull();
    expect(await findDecisionRef(db, tenant.id, { decisionId: "not-a-uuid" })).toBeNull();
  });
});
