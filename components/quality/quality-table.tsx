import type {
  FeedbackStat,
  QualityPoint,
  QualityReport,
  Rate,
} from "@/lib/schemas/console/quality";
import { formatCount, formatPercent } from "@/lib/ui/format";
import { feedbackLabel, feedbackMeasures, qualityGroupLabel } from "@/lib/ui/quality-series";

const interval = (low: number | null, high: number | null, f: (v: number) => string) =>
  low === null || high === null ? null : `${f(low)}–${f(high)}`;

function Cell({
  value,
  low,
  high,
  n,
  format,
}: {
  value: number | null;
  low: number | null;
  high: number | null;
  n: number;
  format: (v: number) => string;
}) {
  if (n === 0 || value === null)
    return (
      <td className="num muted" data-nodata="true">
        no data
      </td>
    );
  const ci = interval(low, high, format);
  return (
    <td className="num">
      <strong>{format(value)}</strong>
      <span className="muted ops-small">
        {ci ? ` (${ci})` : ""} n={formatCount(n)}
      </span>
    </td>
  );
}

const RateCell = ({ r }: { r: Rate }) => (
  <Cell value={r.rate} low={r.low} high={r.high} n={r.n} format={(v) => formatPercent(v)} />
);

function FeedbackCell({ s }: { s: FeedbackStat | undefined }) {
  if (!s) return <Cell value={null} low={null} high={null} n={0} format={String} />;
  const format =
    s.type === "number" ? (v: number) => v.toFixed(2) : (v: number) => formatPercent(v);
  return <Cell value={s.value} low={s.low} high={s.high} n={s.n} format={format} />;
}

/** Totals per group: rates and feedback with their 95 % intervals and counts. */
export function QualityTable({ report }: { report: QualityReport }) {
  const measures = feedbackMeasures(report);
  const rows: { key: string; label: string; point: QualityPoint }[] = [
    ...report.groups.map((g) => ({
      key: g.key,
      label: qualityGroupLabel(report, g.key),
      point: g.total,
    })),
    { key: "\u0000all", label: "All", point: report.total },
  ];
  return (
    <div className="ops-table-wrap">
      <table className="ops-table-dense" aria-label="Quality totals">
        <thead>
          <tr>
            <th>{report.groupBy === "model" ? "Model" : "Policy version"}</th>
            <th className="num">Requests</th>
            <th className="num">Gate pass</th>
            <th className="num">Escalation (cascade)</th>
            <th className="num">Refusal</th>
            {measures.map((m) => (
              <th key={feedbackLabel(m)} className="num">
                {feedbackLabel(m)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, label, point }) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              <td className="num">{formatCount(point.requests)}</td>
              <RateCell r={point.gatePass} />
              <RateCell r={point.escalation} />
              <RateCell r={point.refusal} />
              {measures.map((m) => (
                <FeedbackCell
                  key={feedbackLabel(m)}
                  s={point.feedback.find((f) => f.metric === m.metric && f.category === m.category)}
                />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
