import { describe, expect, it } from "vitest";
import { FeaturesSummarySchema } from "@/lib/decision-log/features-summary";
import { buildDemoHistorySpec } from "./demo-history-spec";
import { generateHistory, historyStartMs } from "./history";
import type { HistoricDecision, HistorySpec } from "./history-types";
import { formatUnits } from "./history-types";
import { createSeedNames } from "./names";
import { createRollupAccumulator, isErrorStatus } from "./rollups";
import { SEED_ROUTES } from "./routes";
import { CATALOG_MODELS } from "./catalog";

const END = Date.UTC(2026, 10, 20, 10, 17);

function spec(seed = "test", days = 3, decisionsPerDay = 4000): HistorySpec {
  const versionIds = new Map(
    SEED_ROUTES.map((r) => [
      r.key,
      new Map([
        [1, `${r.key}-v1`],
        [2, `${r.key}-v2`],
      ]),
    ]),
  );
  return buildDemoHistorySpec({
    seed,
    endMs: END,
    days,
    decisionsPerDay,
    names: createSeedNames(),
    versionIds,
    tenants: [
      { id: "t-acme", apiKeyId: "k-acme", weight: 0.55, softFromMs: null },
      { id: "t-globex", apiKeyId: "k-globex", weight: 0.3, softFromMs: END - 86_400_000 },
      { id: "t-initech", apiKeyId: "k-initech", weight: 0.15, softFromMs: null },
    ],
  });
}

const all = (s: HistorySpec): HistoricDecision[] => [...generateHistory(s)];
const share = (list: HistoricDecision[], f: (d: HistoricDecision) => boolean) =>
  list.filter(f).length / list.length;

describe("generateHistory", () => {
  const decisions = all(spec());

  it("is deterministic for a seed and differs across seeds", () => {
    const again = all(spec());
    expect(again.slice(0, 3000)).toEqual(decisions.slice(0, 3000));
    expect(again[again.length - 1]).toEqual(decisions[decisions.length - 1]);
    expect(all(spec("other"))[0]?.id).not.toBe(decisions[0]?.id);
  });

  it("stores features in the gateway's contract, as the bulk SQL rebuilds them", () => {
    for (const d of decisions.slice(0, 2000)) {
      expect(FeaturesSummarySchema.safeParse(d.features).success).toBe(true);
      // history-sql.ts writes these from other columns instead of storing them per row.
      expect(d.features.messageCount).toBe(d.features.conversationTurns + 1);
      expect(d.features.stream).toBe(d.streamed);
      expect(d.features.metadata.endUserId).toBe(d.endUserId);
    }
  });

  it("makes exactly days × decisionsPerDay decisions, in order, inside the window", () => {
    expect(decisions).toHaveLength(12_000);
    const start = historyStartMs({ endMs: END, days: 3 });
    const end = Math.floor(END / 3_600_000) * 3_600_000;
    let previous = 0;
    for (const d of decisions) {
      expect(d.createdAt).toBeGreaterThanOrEqual(Math.max(start, previous));
      expect(d.createdAt).toBeLessThan(end);
      previous = d.createdAt;
    }
    expect(new Set(decisions.map((d) => d.requestId)).size).toBe(decisions.length);
  });

  it("has a realistic mix", () => {
    const small = new Set(CATALOG_MODELS.filter((m) => m.tier === "small").map((m) => m.key));
    expect(share(decisions, (d) => small.has(d.finalModel ?? ""))).toBeGreaterThan(0.5);
    const cascades = decisions.filter((d) => d.strategy === "cascade");
    expect(share(cascades, (d) => d.escalated)).toBeGreaterThan(0.05);
    expect(share(cascades, (d) => d.escalated)).toBeLessThan(0.11);
    expect(share(decisions, (d) => d.fellBack)).toBeGreaterThan(0.02);
    expect(share(decisions, (d) => d.fellBack)).toBeLessThan(0.05);
    expect(share(decisions, (d) => isErrorStatus(d.status))).toBeGreaterThan(0.008);
    expect(share(decisions, (d) => isErrorStatus(d.status))).toBeLessThan(0.025);
    expect(new Set(decisions.map((d) => d.strategy)).size).toBeGreaterThanOrEqual(7);
  });

  it("prices attempts from the catalog and sums them into the decision", () => {
    for (const d of decisions.slice(0, 2000)) {
      expect(d.costUnits).toBe(d.attempts.reduce((s, a) => s + a.costUnits, 0));
      expect(d.inputTokens).toBe(d.attempts.reduce((s, a) => s + a.inputTokens, 0));
      expect(d.attempts.map((a) => a.position)).toEqual(d.attempts.map((_, i) => i));
      if (d.status === "success") expect(d.baselineCostUnits).toBeGreaterThan(0);
    }
    const mini = decisions.find(
      (d) => d.attempts.length === 1 && d.finalModel === "gpt-4o-mini" && d.cachedTokens === 0,
    );
    expect(mini).toBeDefined();
    if (mini)
      expect(mini.costUnits).toBe(
        Math.round((mini.inputTokens * 0.15 + mini.outputTokens * 0.6) * 100),
      );
  });

  it("follows the support route's version history", () => {
    const support = decisions.filter((d) => d.routeSlug === "support");
    expect(new Set(support.map((d) => d.policyVersion))).toEqual(new Set([1, 2]));
  });

  it("rolls up to the same totals at every granularity", () => {
    const minuteFrom = END - 86_400_000;
    const acc = createRollupAccumulator({ minuteFromMs: minuteFrom });
    for (const d of decisions) acc.add(d);
    const rows = acc.rows();
    const total = (g: string, f: (r: (typeof rows)[number]) => number) =>
      rows.filter((r) => r.granularity === g).reduce((s, r) => s + f(r), 0);
    expect(total("hour", (r) => r.requests)).toBe(decisions.length);
    expect(total("hour", (r) => r.costUnits)).toBe(decisions.reduce((s, d) => s + d.costUnits, 0));
    for (const f of [
      (r: (typeof rows)[number]) => r.requests,
      (r: (typeof rows)[number]) => r.costUnits,
      (r: (typeof rows)[number]) => r.errors,
      (r: (typeof rows)[number]) => r.latencyHist.reduce((a, b) => a + b, 0),
    ])
      expect(total("day", f)).toBe(total("hour", f));
    expect(rows.filter((r) => r.granularity === "day" && r.bucketStart % 86_400_000 !== 0)).toEqual(
      [],
    );
    const recent = decisions.filter((d) => d.createdAt >= minuteFrom);
    expect(total("minute", (r) => r.requests)).toBe(recent.length);
    expect(total("minute", (r) => r.latencyHist.reduce((a, b) => a + b, 0))).toBe(recent.length);
  });

  it("formats 1e-8 USD units exactly", () => {
    expect(formatUnits(0)).toBe("0.00000000");
    expect(formatUnits(123456789)).toBe("1.23456789");
    expect(formatUnits(-5)).toBe("-0.00000005");
  });
});
