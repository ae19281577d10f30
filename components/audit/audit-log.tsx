"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { formatDateTime } from "@/components/ui/format";
import { JsonDiff } from "@/components/ui/json-diff-view";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { auditListQuery } from "@/lib/queries/audit";

const TYPES = [
  "",
  "route",
  "model",
  "provider",
  "chain",
  "rollback",
  "tenant",
  "budget",
  "api_key",
  "operator",
  "sign_in",
];

/** Who changed what, when, with the before/after diff; newest first, cursor-paginated. */
export function AuditLog() {
  const [entityType, setEntityType] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const q = useInfiniteQuery(auditListQuery(entityType));
  const entries = q.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <>
      <div className="toolbar">
        <label className="inline">
          Entity{" "}
          <select value={entityType} onChange={(e) => setEntityType(e.target.value)}>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t || "all"}
              </option>
            ))}
          </select>
        </label>
      </div>
      {q.isPending ? (
        <Loading label="Loading the audit log…" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState title="Nothing recorded yet">
          Changes to policies, the registry and the rollback toggle appear here.
        </EmptyState>
      ) : (
        <div className="table-wrap card">
          <table>
            <caption className="sr-only">Audit log</caption>
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>Action</th>
                <th>Entity</th>
                <th>
                  <span className="sr-only">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <Fragment key={e.id}>
                  <tr>
                    <td>
                      <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                    </td>
                    <td>{e.actorEmail}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>
                      <span className="badge badge-muted">{e.entityType}</span> {e.entityId}
                    </td>
                    <td className="actions">
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-expanded={open === e.id}
                        onClick={() => setOpen(open === e.id ? null : e.id)}
                      >
                        {open === e.id ? "Hide changes" : "Show changes"}
                      </button>
                    </td>
                  </tr>
                  {open === e.id ? (
                    <tr className="audit-detail">
                      <td colSpan={5}>
                        <JsonDiff
                          before={e.before ?? {}}
                          after={e.after ?? {}}
                          emptyText="No field-level changes recorded."
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {q.hasNextPage ? (
        <button
          type="button"
          className="btn"
          onClick={() => void q.fetchNextPage()}
          disabled={q.isFetchingNextPage}
        >
          {q.isFetchingNextPage ? "Loading…" : "Load older entries"}
        </button>
      ) : entries.length > 0 ? (
        <p className="muted small">That is the beginning of the log.</p>
      ) : null}
    </>
  );
}
