"use client";

import { useQuery } from "@tanstack/react-query";
import { EmptyState, ErrorState, LoadingState } from "@/components/charts/states";
import { decisionFeedbackQuery } from "@/lib/queries/quality";
import type { DecisionFeedback } from "@/lib/schemas/console/quality";
import { formatDateTime } from "@/lib/ui/format";

function valueText(f: DecisionFeedback): string {
  if (f.category !== null) return f.category;
  if (f.value === null) return "–";
  return String(f.value);
}

/** The outcomes reported for one decision (POST /v1/feedback): one row per metric and source. */
export function DecisionFeedbackCard({ id }: { id: string }) {
  const q = useQuery(decisionFeedbackQuery(id));
  return (
    <section className="card" aria-label="Feedback">
      <h2>Feedback</h2>
      {q.isPending ? (
        <LoadingState label="Loading feedback…" height={60} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.feedback.length === 0 ? (
        <EmptyState title="No feedback">Nothing reported for this decision yet.</EmptyState>
      ) : (
        <div className="ops-table-wrap">
          <table className="ops-table-dense">
            <thead>
              <tr>
                <th>Metric</th>
                <th>Value</th>
                <th>Source</th>
                <th>Comment</th>
                <th>Time</th>
              </tr>
            </thead>
            <tbody>
              {q.data.feedback.map((f) => (
                <tr key={`${f.metric}-${f.source}`}>
                  <th scope="row">{f.metric}</th>
                  <td>{valueText(f)}</td>
                  <td>{f.source}</td>
                  <td style={{ whiteSpace: "normal" }}>{f.comment ?? "–"}</td>
                  <td>{formatDateTime(f.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
