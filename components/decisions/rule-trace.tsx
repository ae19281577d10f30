import type { TraceView } from "@/lib/schemas/console/decisions";
import { EmptyState } from "@/components/charts/states";

/** The explain trace: rules in evaluation order (matched highlighted), drops and overrides. */
export function RuleTrace({
  trace,
  ruleMatched,
}: {
  trace: TraceView;
  ruleMatched: string | null;
}) {
  const matched = trace.matchedRule ?? ruleMatched;
  const detail = Object.entries(trace.strategyDetail);
  return (
    <div className="ops-grid">
      <section className="card" aria-label="Rule trace">
        <h2>Rule trace</h2>
        {trace.rules.length === 0 ? (
          <EmptyState title="No rules evaluated.">
            The route&apos;s default action applied.
          </EmptyState>
        ) : (
          <ol className="ops-rules">
            {trace.rules.map((r) => (
              <li
                key={r.ruleId}
                className={r.matched ? "ops-rule ops-rule-matched" : "ops-rule"}
                aria-current={r.matched ? "true" : undefined}
              >
                <div className="ops-rule-head">
                  <code>{r.ruleId}</code>
                  <span className={`ops-tag ${r.matched ? "ops-tag-ok" : "ops-tag-muted"}`}>
                    {r.matched ? "matched" : "did not match"}
                  </span>
                </div>
                {r.conditions.length > 0 ? (
                  <ul className="ops-conditions">
                    {r.conditions.map((c) => (
                      <li key={c.path}>
                        <span
                          className={c.held ? "ops-held" : "ops-failed"}
                          aria-label={c.held ? "held" : "failed"}
                        >
                          {c.held ? "✓" : "✗"}
                        </span>{" "}
                        <code>{c.path}</code> {c.kind}
                        {c.note ? <span className="muted"> · {c.note}</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ol>
        )}
        <p className="muted ops-small">
          {matched ? (
            <>
              Matched rule <code>{matched}</code>
            </>
          ) : (
            "No rule matched: default action"
          )}
          {trace.strategy ? ` → strategy ${trace.strategy}` : ""}
          {trace.usedRoute && trace.usedRoute !== trace.requestedRoute
            ? ` · served by route ${trace.usedRoute} (asked ${trace.requestedRoute ?? "?"})`
            : ""}
        </p>
        {trace.hedge ? (
          <p className="muted ops-small">
            {trace.hedge.afterMs === null
              ? "Hedging off"
              : `Hedge after ${trace.hedge.afterMs.toLocaleString("en-US")} ms`}{" "}
            (from {trace.hedge.source}){trace.hedge.note ? ` · ${trace.hedge.note}` : ""}
          </p>
        ) : null}
        {detail.length > 0 ? (
          <p className="muted ops-small">
            {detail.map(([k, v]) => `${k}: ${String(v)}`).join(" · ")}
          </p>
        ) : null}
      </section>
      <section className="card" aria-label="Dropped candidates">
        <h2>Dropped candidates</h2>
        {trace.dropped.length === 0 ? (
          <p className="muted">No candidate was filtered out.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Model</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {trace.dropped.map((c, i) => (
                <tr key={`${c.model}-${i}`}>
                  <td>{c.model}</td>
                  <td>
                    {c.reason.replaceAll("_", " ")}
                    {c.detail ? <span className="muted"> · {c.detail}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {trace.overrides.length > 0 ? (
          <>
            <h2>Overrides</h2>
            <ul>
              {trace.overrides.map((o, i) => (
                <li key={i}>
                  <strong>{o.kind.replaceAll("_", " ")}</strong> · {o.detail}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </div>
  );
}
