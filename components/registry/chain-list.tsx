"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { RowActions } from "@/components/ui/row-actions";
import { formatMs } from "@/components/ui/format";
import { SortHeader, useSorted } from "@/components/ui/sortable";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { chainKeys, chainListQuery, deleteChain, type ChainRecord } from "@/lib/queries/chains";
import { ChainForm } from "./chain-form";

type Col = "slug" | "steps" | "deadline";
const ACCESSORS: Record<Col, (c: ChainRecord) => string | number> = {
  slug: (c) => c.slug,
  steps: (c) => c.steps.length,
  deadline: (c) => c.deadlineMs,
};

/** Fallback chains: ordered steps with per-step timeout and retries, triggers, deadline. */
export function ChainList({ canEdit }: { canEdit: boolean }) {
  const qc = useQueryClient();
  const q = useQuery(chainListQuery());
  const { sorted, sort, toggle } = useSorted(q.data, ACCESSORS, { key: "slug", dir: "asc" });
  const [editing, setEditing] = useState<ChainRecord | "new" | null>(null);
  const [deleting, setDeleting] = useState<ChainRecord | null>(null);
  const remove = useMutation({
    mutationFn: (c: ChainRecord) => deleteChain(c.id),
    onSuccess: () => {
      setDeleting(null);
      void qc.invalidateQueries({ queryKey: chainKeys.all });
      void qc.invalidateQueries({ queryKey: ["audit"] });
    },
  });
  return (
    <>
      <div className="toolbar">
        <span className="spacer" />
        {canEdit ? (
          <button type="button" className="btn btn-primary" onClick={() => setEditing("new")}>
            Add chain
          </button>
        ) : null}
      </div>
      {editing ? (
        <ChainForm
          key={editing === "new" ? "new" : editing.id}
          chain={editing === "new" ? null : editing}
          onDone={() => setEditing(null)}
        />
      ) : null}
      {q.isPending ? (
        <Loading label="Loading chains…" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState title="No fallback chains">
          A chain lists models to try in order when one fails.
        </EmptyState>
      ) : (
        <div className="table-wrap card">
          <table>
            <caption className="sr-only">Fallback chains</caption>
            <thead>
              <tr>
                <SortHeader label="Chain" column="slug" sort={sort} onSort={toggle} />
                <SortHeader label="Steps" column="steps" sort={sort} onSort={toggle} />
                <th>Moves on</th>
                <SortHeader
                  label="Deadline"
                  column="deadline"
                  sort={sort}
                  onSort={toggle}
                  numeric
                />
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((c) => (
                <tr key={c.id}>
                  <td>
                    <strong>{c.name}</strong>
                    <div className="muted small">
                      {c.slug}
                      {c.description ? ` — ${c.description}` : ""}
                    </div>
                  </td>
                  <td>
                    <ol className="inline-steps">
                      {c.steps.map((s, i) => (
                        <li key={i}>
                          <code>{s.modelSlug}</code>{" "}
                          <span className="muted small">
                            {formatMs(s.timeoutMs)}
                            {s.maxRetries
                              ? ` · ${s.maxRetries} retr${s.maxRetries > 1 ? "ies" : "y"}`
                              : ""}
                          </span>
                        </li>
                      ))}
                    </ol>
                  </td>
                  <td>
                    <div className="chips">
                      {c.triggers.map((t) => (
                        <span key={t} className="badge badge-muted">
                          {t}
                        </span>
                      ))}
                    </div>
                  </td>
                  <td className="num">{formatMs(c.deadlineMs)}</td>
                  <RowActions
                    canEdit={canEdit}
                    onEdit={() => setEditing(c)}
                    onDelete={() => setDeleting(c)}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete chain ${deleting?.slug ?? ""}?`}
        confirmLabel="Delete chain"
        danger
        busy={remove.isPending}
        error={remove.error?.message ?? null}
        onCancel={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() => deleting && remove.mutate(deleting)}
      >
        <p>Policies that name this chain will stop resolving it. Check the routes first.</p>
      </ConfirmDialog>
    </>
  );
}
