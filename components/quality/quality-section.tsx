"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { ChartCard } from "@/components/charts/chart-card";
import { EmptyState, ErrorState, LoadingState } from "@/components/charts/states";
import { QUALITY_RANGES, qualityReportQuery, type QualityRange } from "@/lib/queries/quality";
import type { QualityGroupBy } from "@/lib/schemas/console/quality";
import { buildQualityCharts } from "@/lib/ui/quality-series";
import { QualityTable } from "./quality-table";
import { QualityTrendChart } from "./quality-trend-chart";

const GROUPS: Record<QualityGroupBy, string> = { model: "Model", policyVersion: "Policy version" };

function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: Record<T, string>;
  value: T;
  onChange: (v: T) => void;
}) {
  return (
    <div role="group" aria-label={label} className="ops-segmented">
      {(Object.keys(options) as T[]).map((k) => (
        <button key={k} type="button" aria-pressed={value === k} onClick={() => onChange(k)}>
          {options[k]}
        </button>
      ))}
    </div>
  );
}

/** The route page's quality: totals per model or policy version, and trends. */
export function QualitySection({ slug }: { slug: string }) {
  const [groupBy, setGroupBy] = useState<QualityGroupBy>("model");
  const [range, setRange] = useState<QualityRange>("7d");
  const q = useQuery(qualityReportQuery(slug, range, groupBy));
  const charts = useMemo(() => (q.data ? buildQualityCharts(q.data) : []), [q.data]);
  const empty = q.data && q.data.total.requests === 0 && q.data.total.feedback.length === 0;
  return (
    <section className="card ops-stack quality-section" aria-label="Quality">
      <div className="ops-toolbar">
        <h2 style={{ margin: 0 }}>Quality</h2>
        <Segmented label="Group by" options={GROUPS} value={groupBy} onChange={setGroupBy} />
        <Segmented
          label="Quality range"
          options={{ "24h": "24 h", "7d": "7 days", "30d": "30 days" }}
          value={range}
          onChange={setRange}
        />
      </div>
      <p className="muted ops-small" style={{ margin: 0 }}>
        Rates with 95 % intervals and counts. Gate pass: gated cascade stages that passed (per stage
        model). Escalation: over cascade requests only. Refusal: answers the refusal gate rejected,
        of those it checked. Feedback: mean of number metrics, share of true or of a category
        otherwise.
      </p>
      {q.isPending ? (
        <LoadingState label="Loading quality…" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : empty ? (
        <EmptyState title="No data in this range">
          No decisions or feedback for this route yet.
        </EmptyState>
      ) : (
        <>
          <QualityTable report={q.data} />
          {charts.length === 0 ? (
            <EmptyState title="No trends">
              No gated stages, cascades or feedback to plot.
            </EmptyState>
          ) : (
            <div className="ops-grid">
              {charts.map((c) => (
                <ChartCard key={c.id} title={c.title}>
                  <QualityTrendChart chart={c} spanMs={QUALITY_RANGES[range].spanMs} />
                </ChartCard>
              ))}
            </div>
          )}
        </>
      )}
    </section>
  );
}
