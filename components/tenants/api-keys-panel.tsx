"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { EmptyState, ErrorState, LoadingState } from "@/components/charts/states";
import { mutationFieldErrors, zodFieldErrors } from "@/lib/ui/field-errors";
import { formatAgo, formatDateTime } from "@/lib/ui/format";
import { apiKeysQuery, createApiKey, revokeApiKey, tenantKeys } from "@/lib/queries/tenants";
import { ApiKeyCreateSchema, type ApiKeyCreated } from "@/lib/schemas/console/tenants";
import { FieldMessage } from "./field-message";
import { NewKeyNotice } from "./new-key-notice";
import { RevokeButton } from "./revoke-button";

const SCOPES = ["chat", "models", "explain"] as const;

export function ApiKeysPanel({ tenantId, canManage }: { tenantId: string; canManage: boolean }) {
  const client = useQueryClient();
  const query = useQuery(apiKeysQuery(tenantId));
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const invalidate = () => client.invalidateQueries({ queryKey: tenantKeys.all });
  const create = useMutation({
    mutationFn: createApiKey,
    onSuccess: async (result, _vars) => {
      setCreated(result);
      await invalidate();
    },
    onError: (err) => setErrors(mutationFieldErrors(err)),
  });
  const revoke = useMutation({ mutationFn: revokeApiKey, onSuccess: invalidate });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const parsed = ApiKeyCreateSchema.safeParse({
      tenantId,
      name: String(f.get("name") ?? ""),
      scopes: SCOPES.filter((s) => f.get(`scope-${s}`) === "on"),
    });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    create.mutate(parsed.data, { onSuccess: () => form.reset() });
  }

  // "Ago" is relative to when the list was fetched (pure render; refetch moves it).
  const now = query.dataUpdatedAt;
  return (
    <section className="card ops-stack" aria-label="API keys">
      <h2>API keys</h2>
      {created ? <NewKeyNotice created={created} onDismiss={() => setCreated(null)} /> : null}
      {canManage ? (
        <form
          className="form ops-form ops-key-form"
          onSubmit={submit}
          aria-label="New API key"
          noValidate
        >
          <label>
            Key name
            <input
              name="name"
              placeholder="support-bot production"
              aria-invalid={Boolean(errors.name)}
              aria-describedby="key-name-err"
            />
            <FieldMessage id="key-name-err" message={errors.name} />
          </label>
          <fieldset className="ops-fieldset ops-scopes">
            <legend>Scopes</legend>
            {SCOPES.map((s) => (
              <label key={s} className="ops-check">
                <input type="checkbox" name={`scope-${s}`} defaultChecked={s !== "explain"} /> {s}
              </label>
            ))}
            <FieldMessage id="key-scopes-err" message={errors.scopes} />
          </fieldset>
          <FieldMessage id="key-form-err" message={errors._form} />
          <div className="ops-actions">
            <button type="submit" className="btn btn-primary" disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create API key"}
            </button>
          </div>
        </form>
      ) : (
        <p className="muted">Creating and revoking keys needs the admin role.</p>
      )}
      {revoke.isError ? <ErrorState error={revoke.error} /> : null}
      {query.isPending ? (
        <LoadingState label="Loading keys…" height={80} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState title="No API keys yet." />
      ) : (
        <div className="ops-table-wrap">
          <table aria-label="API keys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Scopes</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Status</th>
                {canManage ? (
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {query.data.map((k) => (
                <tr key={k.id} className={k.revokedAt ? "ops-row-muted" : undefined}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{k.scopes.join(", ")}</td>
                  <td title={formatDateTime(k.createdAt)}>{formatAgo(k.createdAt, now)}</td>
                  <td title={k.lastUsedAt ? formatDateTime(k.lastUsedAt) : undefined}>
                    {formatAgo(k.lastUsedAt, now)}
                  </td>
                  <td>
                    {k.revokedAt ? (
                      <span className="ops-tag ops-tag-over" title={formatDateTime(k.revokedAt)}>
                        revoked
                      </span>
                    ) : (
                      <span className="ops-tag ops-tag-ok">active</span>
                    )}
                  </td>
                  {canManage ? (
                    <td>
                      {k.revokedAt ? null : (
                        <RevokeButton
                          label={k.name}
                          pending={revoke.isPending && revoke.variables === k.id}
                          onConfirm={() => revoke.mutate(k.id)}
                        />
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
