"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { formatAgo, formatDateTime } from "@/components/ui/format";
import { JsonDiff } from "@/components/ui/json-diff-view";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import {
  policyVersionQuery,
  revertPolicy,
  routeKeys,
  routeVersionsQuery,
  type PolicyVersionSummary,
} from "@/lib/queries/routes";

function VersionDiff({ from, to }: { from: PolicyVersionSummary; to: PolicyVersionSummary }) {
  const a = useQuery(policyVersionQuery(from.id));
  const b = useQuery(policyVersionQuery(to.id));
  if (a.isPending || b.isPending) return <Loading label="Loading versions…" />;
  if (a.isError || b.isError) return <ErrorState error={a.error ?? b.error} />;
  return (
    <div className="card diff-card" aria-label={`Changes from v${from.version} to v${to.version}`}>
      <h3>
        Changes from v{from.version} to v{to.version}
      </h3>
      <JsonDiff
        before={a.data.document}
        after={b.data.document}
        emptyText="The two documents are identical."
      />
    </div>
  );
}

/** Version history with diffs and revert (which only moves the active pointer). */
export function VersionHistory({ slug, canEdit }: { slug: string; canEdit: boolean }) {
  const qc = useQueryClient();
  const q = useQuery(routeVersionsQuery(slug));
  const [selected, setSelected] = useState<string | null>(null);
  const [reverting, setReverting] = useState<PolicyVersionSummary | null>(null);
  const [comment, setComment] = useState("");
  const revert = useMutation({
    mutationFn: (v: PolicyVersionSummary) => revertPolicy(slug, { versionId: v.id, comment }),
    onSuccess: () => {
      setReverting(null);
      setComment("");
      void qc.invalidateQueries({ queryKey: routeKeys.all });
      void qc.invalidateQueries({ queryKey: ["audit"] });
    },
  });
  if (q.isPending) return <Loading label="Loading versions…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const versions = q.data.versions;
  if (versions.length === 0) return <EmptyState title="No versions yet" />;
  const active = versions.find((v) => v.active) ?? versions[0]!;
  const chosen = versions.find((v) => v.id === selected);
  const previous = (v: PolicyVersionSummary) => versions.find((x) => x.version < v.version);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">Version history</h2>
      <div className="table-wrap card">
        <table>
          <thead>
            <tr>
              <th>Version</th>
              <th>Comment</th>
              <th>By</th>
              <th>Created</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id} aria-selected={v.id === selected}>
                <td>
                  v{v.version} {v.active ? <span className="badge badge-ok">active</span> : null}
                </td>
                <td>{v.comment || <span className="muted">—</span>}</td>
                <td>{v.createdBy ?? <span className="muted">seed</span>}</td>
                <td>
                  <time dateTime={v.createdAt} title={formatDateTime(v.createdAt)}>
                    {formatAgo(v.createdAt)}
                  </time>
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => setSelected(v.id === selected ? null : v.id)}
                  >
                    {v.id === selected
                      ? "Hide diff"
                      : v.active
                        ? "Diff with previous"
                        : "Diff with active"}
                  </button>
                  {canEdit && !v.active ? (
                    <button type="button" className="btn btn-small" onClick={() => setReverting(v)}>
                      Revert to v{v.version}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {chosen ? (
        chosen.active ? (
          previous(chosen) ? (
            <VersionDiff from={previous(chosen)!} to={chosen} />
          ) : (
            <p className="muted">This is the first version.</p>
          )
        ) : (
          <VersionDiff from={active} to={chosen} />
        )
      ) : null}
      <ConfirmDialog
        open={reverting !== null}
        title={`Revert to v${reverting?.version ?? ""}?`}
        confirmLabel={`Make v${reverting?.version ?? ""} active`}
        busy={revert.isPending}
        error={revert.error?.message ?? null}
        onCancel={() => {
          setReverting(null);
          revert.reset();
        }}
        onConfirm={() => reverting && revert.mutate(reverting)}
      >
        <p>
          Requests on <code>{slug}</code> will follow v{reverting?.version} within a second. No
          version is deleted; you can move forward again later.
        </p>
        <Field label="Comment (optional)">
          <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
        </Field>
      </ConfirmDialog>
    </section>
  );
}
