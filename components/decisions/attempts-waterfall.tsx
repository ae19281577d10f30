import { EmptyState } from "@/components/charts/states";
import { buildWaterfall } from "@/lib/ui/chart-series";
import { formatLatency, formatTokens, formatUsd } from "@/lib/ui/format";
import type { AttemptView } from "@/lib/schemas/console/decisions";

const OUTCOME_TONE: Record<string, string> = {
  success: "ok",
  error: "over",
  gate_failed: "soft",
  cancelled: "muted",
};

/** Attempts on one timeline; the tick on a bar is its time to first token. */
export function AttemptsWaterfall({
  requestStart,
  totalMs,
  attempts,
}: {
  requestStart: number;
  totalMs: number;
  attempts: AttemptView[];
}) {
  if (attempts.length === 0)
    return (
      <section className="card" aria-label="Attempts">
        <h2>Attempts</h2>
        <EmptyState title="No upstream attempt.">
          The request was answered or rejected before any model call.
        </EmptyState>
      </section>
    );
  const { totalMs: span, bars } = buildWaterfall(requestStart, totalMs, attempts);
  return (
    <section className="card" aria-label="Attempts">
      <h2>Attempts</h2>
      <p className="muted ops-small">
        Timeline of {formatLatency(span)}; the dark tick marks time to first token.
      </p>
      <ol className="ops-waterfall">
        {bars.map((b, i) => {
          const a = attempts[i];
          return (
            <li key={b.position} className="ops-wf-row">
              <div className="ops-wf-label">
                <strong>#{b.position + 1}</strong> {b.label}{" "}
                <span className={`ops-tag ops-tag-${OUTCOME_TONE[b.outcome] ?? "muted"}`}>
                  {b.outcome.replaceAll("_", " ")}
                </span>
                {a?.errorClass ? <span className="muted"> {a.errorClass}</span> : null}
              </div>
              <div className="ops-wf-track" aria-hidden="true">
                <div
                  className={`ops-wf-bar ops-wf-${OUTCOME_TONE[b.outcome] ?? "muted"}`}
                  style={{ left: `${b.leftPct}%`, width: `${b.widthPct}%` }}
                />
                {b.ttftPct !== null ? (
                  <div className="ops-wf-ttft" style={{ left: `${b.ttftPct}%` }} />
                ) : null}
              </div>
              <div className="ops-wf-meta muted">
                +{formatLatency(b.startMs)} · {formatLatency(b.durationMs)}
                {b.ttftMs !== null ? ` · TTFT ${formatLatency(b.ttftMs)}` : ""}
                {a
                  ? ` · ${formatTokens(a.inputTokens + a.outputTokens)} · ${formatUsd(a.costUsd)}`
                  : ""}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
