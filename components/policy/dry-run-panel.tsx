"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import {
  formatCount,
  formatDeltaUsd,
  formatMs,
  formatPercent,
  formatUsd,
} from "@/components/ui/format";
import { dryRunPolicy, type DryRunReport } from "@/lib/queries/routes";

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {detail ? <div className="muted small">{detail}</div> : null}
    </div>
  );
}

function DryRunResult({ r }: { r: DryRunReport }) {
  const costDelta = r.costAfterUsd - r.costBeforeUsd;
  const costPct = r.costBeforeUsd > 0 ? costDelta / r.costBeforeUsd : 0;
  const latencyDelta = r.meanLatencyAfterMs - r.meanLatencyBeforeMs;
  return (
    <div className="dry-run-result" aria-label="Dry run result">
      <div className="stats">
        <Stat
          label="Would change model"
          value={`${formatCount(r.changedModel)} of ${formatCount(r.replayed)}`}
          detail={r.replayed ? formatPercent(r.changedModel / r.replayed) : undefined}
        />
        <Stat
          label="Projected cost"
          value={formatUsd(r.costAfterUsd)}
          detail={`${formatDeltaUsd(costDelta)} (${costPct >= 0 ? "+" : ""}${formatPercent(costPct)}) vs ${formatUsd(r.costBeforeUsd)}`}
        />
        <Stat
          label="Escalations"
          value={r.escalationsAfter.toFixed(1)}
          detail={`was ${formatCount(r.escalationsBefore)}`}
        />
        <Stat
          label="Mean latency"
          value={formatMs(r.meanLatencyAfterMs)}
          detail={`${latencyDelta >= 0 ? "+" : "−"}${formatMs(Math.abs(latencyDelta))} vs ${formatMs(r.meanLatencyBeforeMs)}`}
        />
        <Stat label="Newly rejected" value={formatCount(r.newlyRejected)} />
      </div>
      {r.skipped > 0 ? (
        <p className="muted small">
          {formatCount(r.skipped)} decisions had no replayable features and were skipped.
        </p>
      ) : null}
      {r.contentRulesIgnored ? (
        <p className="warn-text small">
          Prompt text is not stored, so keyword and regex rules never match in a dry run.
        </p>
      ) : null}
      <div className="two-col">
        <table>
          <caption>Model changes</caption>
          <thead>
            <tr>
              <th>From</th>
              <th>To</th>
              <th className="num">Requests</th>
            </tr>
          </thead>
          <tbody>
            {r.transitions.length === 0 ? (
              <tr>
                <td colSpan={3} className="muted">
                  No request would change model.
                </td>
              </tr>
            ) : (
              r.transitions.map((t) => (
                <tr key={`${t.from}-${t.to}`}>
                  <td>
                    <code>{t.from}</code>
                  </td>
                  <td>
                    <code>{t.to}</code>
                  </td>
                  <td className="num">{formatCount(t.count)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
        <table>
          <caption>Rules matched (draft)</caption>
          <thead>
            <tr>
              <th>Rule</th>
              <th className="num">Requests</th>
            </tr>
          </thead>
          <tbody>
            {r.ruleMatches.map((m) => (
              <tr key={m.rule}>
                <td>
                  <code>{m.rule}</code>
                </td>
                <td className="num">{formatCount(m.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Re-decides the last N logged decisions with the draft; nothing is saved. */
export function DryRunPanel({
  slug,
  draft,
  valid,
}: {
  slug: string;
  draft: unknown;
  valid: boolean;
}) {
  const [limit, setLimit] = useState(500);
  const m = useMutation({ mutationFn: () => dryRunPolicy(slug, { document: draft, limit }) });
  return (
    <section className="card" aria-labelledby="dry-run-title">
      <div className="row">
        <h2 id="dry-run-title">Dry run</h2>
        <label className="inline">
          Last{" "}
          <select value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
            {[100, 500, 1000, 5000].map((n) => (
              <option key={n} value={n}>
                {formatCount(n)}
              </option>
            ))}
          </select>{" "}
          decisions
        </label>
        <button
          type="button"
          className="btn"
          onClick={() => m.mutate()}
          disabled={!valid || m.isPending}
        >
          {m.isPending ? "Running…" : "Dry run draft"}
        </button>
      </div>
      {m.isError ? (
        <p className="error-text" role="alert">
          {m.error.message}
        </p>
      ) : null}
      {m.data ? (
        m.data.replayed === 0 ? (
          <p className="muted">No logged decisions on this route yet: nothing to replay.</p>
        ) : (
          <DryRunResult r={m.data} />
        )
      ) : (
        <p className="muted small">
          Replays logged requests through the draft and the current registry; changes nothing.
        </p>
      )}
    </section>
  );
}
