"use client";

import { useState, type FormEvent } from "react";
import {
  SPEND_GROUPS,
  TIME_RANGES,
  type SpendGroup,
  type TimeRange,
} from "@/lib/schemas/console/overview";
import type { OverviewParams } from "@/lib/queries/overview";

const RANGE_LABELS: Record<TimeRange, string> = {
  "1h": "1 h",
  "24h": "24 h",
  "7d": "7 d",
  "30d": "30 d",
  custom: "Custom",
};
const GROUP_LABELS: Record<SpendGroup, string> = {
  route: "Route",
  model: "Model",
  tenant: "Tenant",
};

/** `datetime-local` value (UTC) → ISO, or null when blank or invalid. */
function toIso(local: string): string | null {
  if (!local) return null;
  const d = new Date(`${local}:00Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function RangeControls({
  params,
  onChange,
  autoRefresh,
  onAutoRefresh,
}: {
  params: OverviewParams;
  onChange: (p: OverviewParams) => void;
  autoRefresh: boolean;
  onAutoRefresh: (on: boolean) => void;
}) {
  const [showCustom, setShowCustom] = useState(params.range === "custom");
  const [customError, setCustomError] = useState<string | null>(null);

  function applyCustom(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const from = toIso(String(form.get("from") ?? ""));
    const to = toIso(String(form.get("to") ?? ""));
    if (!from || !to) return setCustomError("Enter both a start and an end.");
    if (Date.parse(to) <= Date.parse(from))
      return setCustomError("The end must be after the start.");
    if (Date.parse(to) - Date.parse(from) > 92 * 86_400_000)
      return setCustomError("At most 92 days.");
    setCustomError(null);
    onChange({ ...params, range: "custom", from, to });
  }

  return (
    <div className="ops-toolbar">
      <div role="group" aria-label="Time range" className="ops-segmented">
        {TIME_RANGES.map((r) => (
          <button
            key={r}
            type="button"
            aria-pressed={r === "custom" ? showCustom : !showCustom && params.range === r}
            onClick={() => {
              if (r === "custom") return setShowCustom(true);
              setShowCustom(false);
              onChange({ range: r, groupBy: params.groupBy });
            }}
          >
            {RANGE_LABELS[r]}
          </button>
        ))}
      </div>
      <label className="ops-inline">
        Spend by
        <select
          value={params.groupBy}
          onChange={(e) => onChange({ ...params, groupBy: e.target.value as SpendGroup })}
        >
          {SPEND_GROUPS.map((g) => (
            <option key={g} value={g}>
              {GROUP_LABELS[g]}
            </option>
          ))}
        </select>
      </label>
      <label className="ops-inline">
        <input
          type="checkbox"
          checked={autoRefresh}
          onChange={(e) => onAutoRefresh(e.target.checked)}
        />
        Auto-refresh (30 s)
      </label>
      {showCustom ? (
        <form className="ops-custom-range" onSubmit={applyCustom} aria-label="Custom range">
          <label className="ops-inline">
            From (UTC)
            <input name="from" type="datetime-local" defaultValue={params.from?.slice(0, 16)} />
          </label>
          <label className="ops-inline">
            To (UTC)
            <input name="to" type="datetime-local" defaultValue={params.to?.slice(0, 16)} />
          </label>
          <button type="submit" className="btn">
            Apply
          </button>
          {customError ? (
            <p className="error-text" role="alert">
              {customError}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
