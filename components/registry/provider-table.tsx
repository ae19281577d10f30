"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatMs } from "@/components/ui/format";
import { SortHeader, useSorted } from "@/components/ui/sortable";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { providerListQuery, testProvider, type ProviderRecord } from "@/lib/queries/providers";
import { CredentialDialog } from "./credential-dialog";
import { ProviderForm } from "./provider-form";

type Col = "slug" | "kind" | "models" | "enabled";
const ACCESSORS: Record<Col, (p: ProviderRecord) => string | number | boolean> = {
  slug: (p) => p.slug,
  kind: (p) => p.kind,
  models: (p) => p.modelCount,
  enabled: (p) => p.enabled,
};

function TestButton({ provider }: { provider: ProviderRecord }) {
  const m = useMutation({ mutationFn: () => testProvider(provider.id) });
  return (
    <span className="test-connection">
      <button
        type="button"
        className="btn btn-small"
        onClick={() => m.mutate()}
        disabled={m.isPending}
      >
        {m.isPending ? "Testing…" : "Test connection"}
      </button>
      <span role="status" aria-live="polite" className="small">
        {m.data ? (
          m.data.ok ? (
            <span className="ok-text"> ✓ OK in {formatMs(m.data.latencyMs)}</span>
          ) : (
            <span className="error-text">
              {" "}
              ✗ {m.data.errorClass}: {m.data.message}
            </span>
          )
        ) : m.isError ? (
          <span className="error-text"> {m.error.message}</span>
        ) : null}
      </span>
    </span>
  );
}

/** Providers: endpoints, timeouts, write-only credentials, connection test (admin). */
export function ProviderTable({ isAdmin }: { isAdmin: boolean }) {
  const q = useQuery(providerListQuery());
  const { sorted, sort, toggle } = useSorted(q.data, ACCESSORS, { key: "slug", dir: "asc" });
  const [editing, setEditing] = useState<ProviderRecord | "new" | null>(null);
  const [credential, setCredential] = useState<ProviderRecord | null>(null);
  const h = (label: string, column: Col) => (
    <SortHeader label={label} column={column} sort={sort} onSort={toggle} />
  );
  return (
    <>
      <div className="toolbar">
        <span className="muted">
          {isAdmin ? "" : "Only admins change providers and credentials."}
        </span>
        <span className="spacer" />
        {isAdmin ? (
          <button type="button" className="btn btn-primary" onClick={() => setEditing("new")}>
            Add provider
          </button>
        ) : null}
      </div>
      {editing ? (
        <ProviderForm
          key={editing === "new" ? "new" : editing.id}
          provider={editing === "new" ? null : editing}
          onDone={() => setEditing(null)}
        />
      ) : null}
      {q.isPending ? (
        <Loading label="Loading providers…" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState title="No providers">Add one to start registering models.</EmptyState>
      ) : (
        <div className="table-wrap card">
          <table>
            <caption className="sr-only">Providers</caption>
            <thead>
              <tr>
                {h("Provider", "slug")}
                {h("Kind", "kind")}
                <th>Base URL</th>
                <th>Credential</th>
                <th className="num">Timeouts</th>
                {h("Models", "models")}
                {h("Enabled", "enabled")}
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((p) => (
                <tr key={p.id}>
                  <td>
                    <strong>{p.name}</strong>
                    <div className="muted small">{p.slug}</div>
                  </td>
                  <td>{p.kind}</td>
                  <td>{p.baseUrl ? <code>{p.baseUrl}</code> : <span className="muted">—</span>}</td>
                  <td>
                    {p.hasCredential ? (
                      <code>{p.credentialHint}</code>
                    ) : (
                      <span className="muted">none</span>
                    )}
                  </td>
                  <td className="num small">
                    connect {formatMs(p.connectTimeoutMs)}
                    <br />
                    request {formatMs(p.requestTimeoutMs)}
                  </td>
                  <td className="num">{p.modelCount}</td>
                  <td>
                    {p.enabled ? (
                      <span className="badge badge-ok">on</span>
                    ) : (
                      <span className="badge badge-muted">off</span>
                    )}
                  </td>
                  <td className="actions">
                    {isAdmin ? (
                      <>
                        <TestButton provider={p} />
                        <button
                          type="button"
                          className="btn btn-small"
                          onClick={() => setCredential(p)}
                        >
                          {p.hasCredential ? "Replace key" : "Set key"}
                        </button>
                        <button
                          type="button"
                          className="btn btn-small"
                          onClick={() => setEditing(p)}
                        >
                          Edit
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CredentialDialog provider={credential} onClose={() => setCredential(null)} />
    </>
  );
}
