/**
 * Demo outcomes: two metrics declared on every demo route (`helpful`, a user's thumbs up, and
 * `rating`, an evaluator's 1–5 score) and feedback for one decision in `every`, written through
 * the real batch writer (lib/db/feedback.ts), so the quality rollups are folded as in production.
 * Values derive from the decision's id and outcome: the same seed gives the same feedback. Demo
 * feedback is told apart by its tenants (demo tenants) and its comments ("demo: …").
 */
import { feedbackIdOf, writeFeedbackBatch, type FeedbackItem } from "../feedback";
import type { PrismaClient } from "../generated/client";
import type { HistoricDecision } from "./history-types";

export const DEMO_METRICS = [
  {
    name: "helpful",
    type: "boolean" as const,
    min: null,
    max: null,
    description: "Demo: the end user's thumbs up or down.",
  },
  {
    name: "rating",
    type: "number" as const,
    min: 1,
    max: 5,
    description: "Demo: an offline evaluator's score from 1 to 5.",
  },
];

/** A fraction in [0, 1) from 8 hex digits of a uuid (deterministic per decision). */
const fraction = (id: string, at: number): number =>
  parseInt(id.replaceAll("-", "").slice(at, at + 8), 16) / 2 ** 32;

/** Collects feedback for one decision in `every` while the history is generated. */
export function createDemoFeedbackCollector(every = 40) {
  const items: FeedbackItem[] = [];
  let seen = 0;
  return {
    items,
    add(d: HistoricDecision): void {
      if (seen++ % every !== 0) return;
      const ok = d.status === "success";
      const base = {
        decisionId: d.id,
        tenantId: d.tenantId,
        routeSlug: d.routeSlug,
        model: d.finalModel ?? "",
        policyVersion: d.policyVersion,
        decisionAt: new Date(d.createdAt),
        category: null,
        endUserId: d.endUserId,
        receivedAt: new Date(d.createdAt + 60_000),
      };
      const p = ok ? (d.escalated ? 0.72 : 0.86) : 0.15;
      const helpful = fraction(d.id, 0) < p ? 1 : 0;
      items.push({
        ...base,
        id: feedbackIdOf(d.id, "helpful", "user"),
        metric: "helpful",
        source: "user",
        value: helpful,
        comment:
          helpful === 0 && fraction(d.id, 8) < 0.5 ? "demo: the answer missed the point" : null,
      });
      if (fraction(d.id, 16) < 0.6) {
        const score = 3.4 + (fraction(d.id, 24) - 0.5) * 3 + (ok ? 0.5 : -1.8);
        items.push({
          ...base,
          id: feedbackIdOf(d.id, "rating", "evaluator"),
          metric: "rating",
          source: "evaluator",
          value: Math.min(5, Math.max(1, Math.round(score))),
          comment: null,
        });
      }
    },
  };
}

/** Declares the demo metrics on `routeSlugs` and writes `items` in batches. */
export async function writeDemoFeedback(
  db: PrismaClient,
  routeSlugs: readonly string[],
  items: readonly FeedbackItem[],
  batchSize = 2000,
): Promise<number> {
  const routes = await db.route.findMany({
    where: { slug: { in: [...routeSlugs] } },
    select: { id: true },
  });
  await db.routeMetric.createMany({
    data: routes.flatMap((r) => DEMO_METRICS.map((m) => ({ ...m, routeId: r.id }))),
    skipDuplicates: true,
  });
  for (let i = 0; i < items.length; i += batchSize)
    await writeFeedbackBatch(db, items.slice(i, i + batchSize));
  return items.length;
}
