import type { Totals } from "@/lib/ui/chart-series";
import { formatCount, formatPercent, formatUsd } from "@/lib/ui/format";

export function KpiTiles({ totals }: { totals: Totals }) {
  const tiles = [
    {
      label: "Spend",
      value: formatUsd(totals.costUsd),
      note: `${formatCount(totals.requests)} requests`,
    },
    {
      label: "Savings vs baseline",
      value: formatUsd(totals.savingsUsd),
      note: `${formatPercent(totals.savingsRatio)} of ${formatUsd(totals.baselineCostUsd)}`,
    },
    { label: "Error rate", value: formatPercent(totals.errorRate), note: "upstream errors" },
    {
      label: "Escalation rate",
      value: formatPercent(totals.escalationRate),
      note: "cascade escalations",
    },
    {
      label: "Fallback rate",
      value: formatPercent(totals.fallbackRate),
      note: "fell back to a later model",
    },
  ];
  return (
    <dl className="ops-kpis">
      {tiles.map((t) => (
        <div key={t.label} className="card ops-kpi">
          <dt>{t.label}</dt>
          <dd>
            <span className="ops-kpi-value">{t.value}</span>
            <span className="muted">{t.note}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
