"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { RowActions } from "@/components/ui/row-actions";
import { formatMs, formatPricePerMTok, formatTokens, formatUsd } from "@/components/ui/format";
import { SortHeader, useSorted } from "@/components/ui/sortable";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import {
  deleteModel,
  modelKeys,
  modelListQuery,
  updateModel,
  type ModelRecord,
} from "@/lib/queries/models";
import { ModelForm } from "./model-form";

type Col = "slug" | "provider" | "tier" | "input" | "output" | "context" | "latency" | "enabled";
const TIER_ORDER = { small: 0, medium: 1, large: 2, frontier: 3 } as const;
const ACCESSORS: Record<Col, (m: ModelRecord) => string | number | boolean> = {
  slug: (m) => m.slug,
  provider: (m) => m.providerSlug,
  tier: (m) => TIER_ORDER[m.tier],
  input: (m) => m.inputPricePerMTok,
  output: (m) => m.outputPricePerMTok,
  context: (m) => m.contextWindow,
  latency: (m) => m.declaredLatencyMs,
  enabled: (m) => m.enabled,
};

/** The model registry: sortable table, add/edit form, enable toggle, delete. */
export function ModelTable({ canEdit }: { canEdit: boolean }) {
  const qc = useQueryClient();
  const q = useQuery(modelListQuery());
  const { sorted, sort, toggle } = useSorted(q.data, ACCESSORS, { key: "slug", dir: "asc" });
  const [editing, setEditing] = useState<ModelRecord | "new" | null>(null);
  const [deleting, setDeleting] = useState<ModelRecord | null>(null);
  const invalidate = () => {
    void qc.invalidateQueries({ queryKey: modelKeys.all });
    void qc.invalidateQueries({ queryKey: ["audit"] });
  };
  const toggleEnabled = useMutation({
    mutationFn: (m: ModelRecord) => updateModel(m.id, { enabled: !m.enabled }),
    onSuccess: invalidate,
  });
  const remove = useMutation({
    mutationFn: (m: ModelRecord) => deleteModel(m.id),
    onSuccess: () => {
      setDeleting(null);
      invalidate();
    },
  });
  const h = (label: string, column: Col, numeric?: boolean) => (
    <SortHeader label={label} column={column} sort={sort} onSort={toggle} numeric={numeric} />
  );
  return (
    <>
      <div className="toolbar">
        <span className="muted">{q.data ? `${q.data.length} models` : ""}</span>
        <span className="spacer" />
        {canEdit ? (
          <button type="button" className="btn btn-primary" onClick={() => setEditing("new")}>
            Add model
          </button>
        ) : null}
      </div>
      {editing ? (
        <ModelForm
          key={editing === "new" ? "new" : editing.id}
          model={editing === "new" ? null : editing}
          onDone={() => setEditing(null)}
        />
      ) : null}
      {toggleEnabled.isError ? (
        <p className="error-text" role="alert">
          {toggleEnabled.error.message}
        </p>
      ) : null}
      {q.isPending ? (
        <Loading label="Loading models…" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState title="No models in the registry">
          Add a provider first, then its models.
        </EmptyState>
      ) : (
        <div className="table-wrap card">
          <table>
            <caption className="sr-only">Models</caption>
            <thead>
              <tr>
                {h("Model", "slug")}
                {h("Provider", "provider")}
                {h("Tier", "tier")}
                {h("Input $/1M tok", "input", true)}
                {h("Output $/1M tok", "output", true)}
                {h("Context (tokens)", "context", true)}
                <th className="num">Max output (tokens)</th>
                {h("Latency", "latency", true)}
                <th>Capabilities</th>
                {h("Enabled", "enabled")}
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((m) => (
                <tr key={m.id}>
                  <td>
                    <strong>{m.slug}</strong>
                    <div className="muted small">{m.displayName}</div>
                  </td>
                  <td>{m.providerSlug}</td>
                  <td>
                    <span className="badge">{m.tier}</span>
                  </td>
                  <td className="num" title={formatPricePerMTok(m.inputPricePerMTok)}>
                    {formatUsd(m.inputPricePerMTok)}
                  </td>
                  <td className="num" title={formatPricePerMTok(m.outputPricePerMTok)}>
                    {formatUsd(m.outputPricePerMTok)}
                  </td>
                  <td className="num">{formatTokens(m.contextWindow, false)}</td>
                  <td className="num">{formatTokens(m.maxOutputTokens, false)}</td>
                  <td className="num">{formatMs(m.declaredLatencyMs)}</td>
                  <td>
                    <span className="caps small">{m.capabilities.join(", ") || "—"}</span>
                  </td>
                  <td>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={m.enabled}
                        disabled={!canEdit || toggleEnabled.isPending}
                        onChange={() => toggleEnabled.mutate(m)}
                        aria-label={`${m.slug} enabled`}
                      />
                      {m.enabled ? "on" : "off"}
                    </label>
                  </td>
                  <RowActions
                    canEdit={canEdit}
                    onEdit={() => setEditing(m)}
                    onDelete={() => setDeleting(m)}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.slug ?? ""}?`}
        confirmLabel="Delete model"
        danger
        busy={remove.isPending}
        error={remove.error?.message ?? null}
        onCancel={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() => deleting && remove.mutate(deleting)}
      >
        <p>
          Policies naming this model will drop it as an unknown candidate. Disabling it is
          reversible; deleting is not.
        </p>
      </ConfirmDialog>
    </>
  );
}
