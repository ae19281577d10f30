/**
 * The console's quality report against the raw rows: decisions (gate stages, cascades,
 * escalations, refusal checks) and feedback written through the real batch writer, recomputed
 * here naively, per group (model and policy version) and per bucket (hour and day).
 */
import { describe, expect, it } from "vitest";
import { feedbackIdOf, writeFeedbackBatch, type FeedbackItem } from "@/lib/db/feedback";
import { readQualityReport } from "@/lib/db/quality-report";
import { upsertRouteMetric } from "@/lib/db/route-metrics";
import {
  QualityReportSchema,
  type QualityGroupBy,
  type QualityPoint,
} from "@/lib/schemas/console/quality";
import { RouteMetricInputSchema } from "@/lib/schemas/route-metrics";
import { setupTestDb, testDatabaseKind, uniqueSuffix } from "../../support/db";

const getDb = setupTestDb();
const actor = { id: null, email: "test@switchboard.local" };
const start = Date.parse("2026-12-05T00:00:00Z");
const MODELS = ["m-small", "m-large"] as const;

function wilson(k: number, n: number): [number, number] {
  const z = 1.959964;
  const p = k / n;
  const c = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const h = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

type RawDecision = {
  createdAt: Date;
  finalModel: string | null;
  policyVersion: number | null;
  strategy: string;
  escalated: boolean;
  gateResults: unknown;
};
type RawFeedback = { model: string; policyVersion: number; decisionAt: Date; metric: string };

function expectPoint(
  got: QualityPoint,
  decisions: RawDecision[],
  stages: { passed: boolean; refusal: boolean | null }[],
  feedback: (RawFeedback & { value: number | null; category: string | null })[],
) {
  expect(got.requests).toBe(decisions.length);
  const cascades = decisions.filter((d) => d.strategy === "cascade");
  expect(got.escalation).toMatchObject({
    n: cascades.length,
    k: cascades.filter((d) => d.escalated).length,
  });
  expect(got.gatePass).toMatchObject({
    n: stages.length,
    k: stages.filter((s) => s.passed).length,
  });
  const refusalChecks = stages.filter((s) => s.refusal !== null);
  expect(got.refusal).toMatchObject({
    n: refusalChecks.length,
    k: refusalChecks.filter((s) => s.refusal === false).length,
  });
  for (const r of [got.gatePass, got.escalation, got.refusal]) {
    if (r.n === 0) expect(r.rate).toBeNull();
    else {
      expect(r.rate).toBeCloseTo(r.k / r.n, 12);
      const [lo, hi] = wilson(r.k, r.n);
      expect(r.low).toBeCloseTo(lo, 9);
      expect(r.high).toBeCloseTo(hi, 9);
    }
  }
  const thumbs = feedback.filter((f) => f.metric === "thumbs");
  const t = got.feedback.find((f) => f.metric === "thumbs");
  if (thumbs.length === 0) expect(t).toBeUndefined();
  else {
    const k = thumbs.filter((f) => f.value === 1).length;
    expect(t).toMatchObject({ type: "boolean", n: thumbs.length, count: k });
    expect(t!.value).toBeCloseTo(k / thumbs.length, 12);
    expect(t!.low).toBeCloseTo(wilson(k, thumbs.length)[0], 9);
  }
  const stars = feedback.filter((f) => f.metric === "stars").map((f) => f.value ?? 0);
  const s = got.feedback.find((f) => f.metric === "stars");
  if (stars.length === 0) expect(s).toBeUndefined();
  else {
    const mean = stars.reduce((a, v) => a + v, 0) / stars.length;
    expect(s).toMatchObject({ type: "number", n: stars.length });
    expect(s!.value).toBeCloseTo(mean, 9);
    if (stars.length > 1) {
      const sd = Math.sqrt(stars.reduce((a, v) => a + (v - mean) ** 2, 0) / (stars.length - 1));
      expect(s!.high! - mean).toBeCloseTo((1.959964 * sd) / Math.sqrt(stars.length), 9);
    } else expect(s!.high).toBeNull();
  }
  const tone = feedback.filter((f) => f.metric === "tone");
  for (const category of ["curt", "warm"]) {
    const k = tone.filter((f) => f.category === category).length;
    const c = got.feedback.find((f) => f.metric === "tone" && f.category === category);
    if (k === 0) expect(c).toBeUndefined();
    else {
      expect(c).toMatchObject({ type: "category", n: tone.length, count: k });
      expect(c!.value).toBeCloseTo(k / tone.length, 12);
    }
  }
}

describe(`quality report on ${testDatabaseKind}`, () => {
  it("matches the raw decisions and feedback per group and bucket", async () => {
    const db = await getDb();
    const slug = `q-${uniqueSuffix()}`;
    await db.route.create({ data: { slug } });
    for (const m of [
      { name: "thumbs", type: "boolean" },
      { name: "stars", type: "number", min: 0, max: 5 },
      { name: "tone", type: "category", categories: ["curt", "warm"] },
    ])
      await upsertRouteMetric(db, actor, slug, RouteMetricInputSchema.parse(m));
    const tenantId = crypto.randomUUID();
    const items: FeedbackItem[] = [];
    for (let i = 0; i < 48; i++) {
      const cascade = i % 3 !== 0;
      const escalated = cascade && i % 4 === 1;
      const model = escalated ? "m-large" : MODELS[i % 2]!;
      const refusalChecked = i % 5 !== 0;
      const stage = (idx: number, stageModel: string, passed: boolean) => ({
        stage: idx,
        model: stageModel,
        passed,
        results: [
          { gate: "min_length", passed: true, detail: "40", threshold: "≥ 10" },
          ...(refusalChecked ? [{ gate: "refusal", passed: passed || i % 2 === 0 }] : []),
        ],
      });
      const gateResults = !cascade
        ? []
        : escalated
          ? [stage(0, "m-small", false), stage(1, "m-large", true)]
          : [stage(0, model, true)];
      const createdAt = new Date(start + i * 2_700_000); // 45 min apart: 36 h in all
      const d = await db.decision.create({
        data: {
          requestId: `r-${i}`,
          createdAt,
          tenantId,
          routeSlug: slug,
          policyVersion: i < 24 ? 1 : 2,
          finalModel: model,
          strategy: cascade ? "cascade" : "single",
          escalated,
          gateResults,
          features: {},
          trace: {},
          status: "success",
          httpStatus: 200,
          latencyMs: 10,
        },
      });
      const base = {
        decisionId: d.id,
        tenantId,
        routeSlug: slug,
        model,
        policyVersion: d.policyVersion ?? 0,
        decisionAt: createdAt,
        comment: null,
        endUserId: null,
        receivedAt: new Date(),
      };
      const add = (metric: string, value: number | null, category: string | null) =>
        items.push({
          ...base,
          id: feedbackIdOf(d.id, metric, "user"),
          metric,
          source: "user",
          value,
          category,
        });
      if (i % 2 === 0) add("thumbs", i % 6 === 0 ? 0 : 1, null);
      if (i % 3 !== 2) add("stars", (i * 7) % 6, null);
      if (i % 4 !== 3) add("tone", null, i % 3 === 0 ? "curt" : "warm");
    }
    await writeFeedbackBatch(db, items);
    // A resend replaces a value: the report must count it once, with its new value.
    const first = items[0]!;
    await writeFeedbackBatch(db, [{ ...first, value: 1 }]);

    const raw = await db.decision.findMany({ where: { routeSlug: slug } });
    const fb = await db.feedback.findMany({ where: { routeSlug: slug } });
    expect(fb.find((f) => f.id === first.id)?.value).toBe(1);
    const from = new Date(start);
    const to = new Date(start + 2 * 86_400_000);
    const keyOf = (groupBy: QualityGroupBy, model: string, version: number) =>
      groupBy === "model" ? model : String(version);
    for (const groupBy of ["model", "policyVersion"] as const)
      for (const bucket of ["hour", "day"] as const) {
        const report = QualityReportSchema.parse(
          await readQualityReport(db, { route: slug, from, to, groupBy, bucket }),
        );
        expect(report.metrics.map((m) => m.name).sort()).toEqual(["stars", "thumbs", "tone"]);
        const stagesOf = (ds: RawDecision[], key: string | null) =>
          ds.flatMap((d) =>
            (
              d.gateResults as {
                model: string;
                passed: boolean;
                results: { gate: string; passed: boolean }[];
              }[]
            )
              .filter((g) => key === null || keyOf(groupBy, g.model, d.policyVersion ?? 0) === key)
              .map((g) => ({
                passed: g.passed,
                refusal: g.results.find((r) => r.gate === "refusal")?.passed ?? null,
              })),
          );
        expectPoint(report.total, raw, stagesOf(raw, null), fb);
        const size = bucket === "hour" ? 3_600_000 : 86_400_000;
        for (const g of report.groups) {
          const mine = (ds: RawDecision[]) =>
            ds.filter((d) => keyOf(groupBy, d.finalModel ?? "", d.policyVersion ?? 0) === g.key);
          const myFb = fb.filter((f) => keyOf(groupBy, f.model, f.policyVersion) === g.key);
          // Stages count under their own model even when the decision's final model differs.
          const stageKeyDecisions = groupBy === "model" ? raw : mine(raw);
          expectPoint(g.total, mine(raw), stagesOf(stageKeyDecisions, g.key), myFb);
          for (const p of g.series) {
            const at = Date.parse(p.bucketStart);
            const inB = (t: Date) => t.getTime() >= at && t.getTime() < at + size;
            expectPoint(
              p,
              mine(raw).filter((d) => inB(d.createdAt)),
              stagesOf(
                stageKeyDecisions.filter((d) => inB(d.createdAt)),
                g.key,
              ),
              // Feedback counts in the hour of its decision, not of its arrival.
              myFb.filter((f) => inB(f.decisionAt)),
            );
          }
          const seriesRequests = g.series.reduce((a, p) => a + p.requests, 0);
          expect(seriesRequests).toBe(g.total.requests);
        }
        const groupKeys = report.groups.map((g) => g.key).sort();
        expect(groupKeys).toEqual(groupBy === "model" ? ["m-large", "m-small"] : ["1", "2"]);
        expect(report.groups.reduce((a, g) => a + g.total.requests, 0)).toBe(48);
      }
  });

  it("answers empty totals for a route without traffic, and 404 for an unknown route", async () => {
    const db = await getDb();
    const slug = `q-${uniqueSuffix()}`;
    await db.route.create({ data: { slug } });
    const input = {
      route: slug,
      from: new Date(start),
      to: new Date(start + 86_400_000),
      groupBy: "model" as const,
      bucket: "day" as const,
    };
    const report = await readQualityReport(db, input);
    expect(report.groups).toEqual([]);
    expect(report.total).toMatchObject({
      requests: 0,
      gatePass: { n: 0, rate: null },
      escalation: { n: 0, rate: null },
      feedback: [],
    });
    await expect(readQualityReport(db, { ...input, route: "nope-none" })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
