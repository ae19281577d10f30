/**
 * Prepared series for the route page's quality trends: one chart per measure (gate pass,
 * escalation, refusal, each feedback metric or category), one line per group. A bucket where a
 * group has no observations for the measure is left out of that line (a gap, not a zero).
 */
import type { FeedbackStat, QualityPoint, QualityReport } from "@/lib/schemas/console/quality";
import { PALETTE, type ChartRow, type SeriesKey } from "./chart-series";

export interface QualityChart {
  id: string;
  title: string;
  /** Share charts plot 0..1 as percentages; a number metric plots its mean. */
  kind: "share" | "mean";
  keys: SeriesKey[];
  rows: ChartRow[];
}

/** A measure: how to read it from a point, or null when the point has no observations. */
interface Measure {
  id: string;
  title: string;
  kind: "share" | "mean";
  read: (p: QualityPoint) => number | null;
}

const statOf = (p: QualityPoint, metric: string, category: string): FeedbackStat | undefined =>
  p.feedback.find((f) => f.metric === metric && f.category === category);

/** The feedback measures of a report: one per metric, one per category of a category metric. */
export function feedbackMeasures(report: QualityReport): { metric: string; category: string }[] {
  const seen = new Map<string, { metric: string; category: string }>();
  for (const f of report.total.feedback)
    seen.set(JSON.stringify([f.metric, f.category]), { metric: f.metric, category: f.category });
  return [...seen.values()];
}

export function feedbackLabel(f: { metric: string; category: string }): string {
  return f.category ? `${f.metric}: ${f.category}` : f.metric;
}

/** Group label: a policy version key "3" reads "v3" ("0": none recorded). */
export function qualityGroupLabel(report: Pick<QualityReport, "groupBy">, key: string): string {
  if (report.groupBy === "policyVersion") return key === "0" ? "no version" : `v${key}`;
  return key || "no model";
}

export function buildQualityCharts(report: QualityReport, maxGroups = 8): QualityChart[] {
  const measures: Measure[] = [
    { id: "gate", title: "Gate pass rate", kind: "share", read: (p) => p.gatePass.rate },
    {
      id: "escalation",
      title: "Escalation rate (cascade traffic)",
      kind: "share",
      read: (p) => p.escalation.rate,
    },
    { id: "refusal", title: "Refusal rate", kind: "share", read: (p) => p.refusal.rate },
    ...feedbackMeasures(report).map((f): Measure => {
      const type = report.total.feedback.find(
        (s) => s.metric === f.metric && s.category === f.category,
      )?.type;
      return {
        id: `fb:${f.metric}:${f.category}`,
        title: type === "number" ? `${f.metric} (mean)` : `${feedbackLabel(f)} (share)`,
        kind: type === "number" ? "mean" : "share",
        read: (p) => statOf(p, f.metric, f.category)?.value ?? null,
      };
    }),
  ];
  const groups = report.groups.slice(0, maxGroups);
  const keys: SeriesKey[] = groups.map((g, i) => ({
    dataKey: `s${i}`,
    label: qualityGroupLabel(report, g.key),
    color: PALETTE[i % PALETTE.length] ?? "#64748b",
  }));
  const times = [
    ...new Set(groups.flatMap((g) => g.series.map((p) => Date.parse(p.bucketStart)))),
  ].sort((a, b) => a - b);
  return measures
    .map((m) => {
      const rows = times.map((t) => {
        const row: ChartRow = { t };
        groups.forEach((g, i) => {
          const p = g.series.find((s) => Date.parse(s.bucketStart) === t);
          const v = p ? m.read(p) : null;
          if (v !== null) row[`s${i}`] = v;
        });
        return row;
      });
      return { id: m.id, title: m.title, kind: m.kind, keys, rows };
    })
    .filter((c) => c.rows.some((r) => Object.keys(r).length > 1));
}
