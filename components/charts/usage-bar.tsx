import { formatPercent, formatUsd } from "@/lib/ui/format";

/**
 * Budget usage: settled spend and outstanding leases against the limit, with the soft
 * threshold marked. Over the soft threshold it turns amber, at the limit red.
 */
export function UsageBar({
  label,
  spentUsd,
  leasedUsd,
  limitUsd,
  softThreshold,
  hardLimit,
}: {
  label: string;
  spentUsd: number;
  leasedUsd: number;
  limitUsd: number;
  softThreshold: number;
  hardLimit: boolean;
}) {
  const used = limitUsd > 0 ? (spentUsd + leasedUsd) / limitUsd : 0;
  const spentPct = limitUsd > 0 ? Math.min(100, (spentUsd / limitUsd) * 100) : 0;
  const leasedPct = limitUsd > 0 ? Math.min(100 - spentPct, (leasedUsd / limitUsd) * 100) : 0;
  const tone = used >= 1 ? "over" : used >= softThreshold ? "soft" : "ok";
  return (
    <div className="ops-usage">
      <div className="ops-usage-head">
        <span>{label}</span>
        <span>
          <strong>{formatUsd(spentUsd)}</strong>
          {leasedUsd > 0 ? <span className="muted"> + {formatUsd(leasedUsd)} leased</span> : null}
          <span className="muted"> of {formatUsd(limitUsd)}</span>{" "}
          <span className={`ops-tag ops-tag-${tone}`}>{formatPercent(used)}</span>
          {hardLimit ? null : <span className="muted"> · soft only</span>}
        </span>
      </div>
      <div
        className="ops-usage-track"
        role="meter"
        aria-label={`${label} budget used`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(used * 100)}
        aria-valuetext={`${formatPercent(used)} of ${formatUsd(limitUsd)}`}
      >
        <div className={`ops-usage-spent ops-usage-${tone}`} style={{ width: `${spentPct}%` }} />
        <div className="ops-usage-leased" style={{ width: `${leasedPct}%` }} />
        <div
          className="ops-usage-marker"
          style={{ left: `${Math.min(100, softThreshold * 100)}%` }}
          title={`Soft threshold ${formatPercent(softThreshold)}: non-critical requests downgrade`}
        />
      </div>
    </div>
  );
}
