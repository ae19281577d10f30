"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { mutationFieldErrors, zodFieldErrors } from "@/lib/ui/field-errors";
import { tenantKeys, updateTenant } from "@/lib/queries/tenants";
import { TenantUpdateSchema, type TenantView } from "@/lib/schemas/console/tenants";
import { FieldMessage } from "./field-message";

/** Name, model allowlist (one slug per line or comma-separated), direct models, capture. */
export function TenantSettingsForm({ tenant, canEdit }: { tenant: TenantView; canEdit: boolean }) {
  const client = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const mutation = useMutation({
    mutationFn: (body: Parameters<typeof updateTenant>[1]) => updateTenant(tenant.id, body),
    onSuccess: async () => {
      setSaved(true);
      await client.invalidateQueries({ queryKey: tenantKeys.all });
    },
    onError: (err) => setErrors(mutationFieldErrors(err)),
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const f = new FormData(e.currentTarget);
    const allowlist = String(f.get("modelAllowlist") ?? "")
      .split(/[\s,]+/)
      .filter(Boolean);
    const parsed = TenantUpdateSchema.safeParse({
      name: String(f.get("name") ?? ""),
      modelAllowlist: [...new Set(allowlist)],
      allowDirectModels: f.get("allowDirectModels") === "on",
      captureContent: f.get("captureContent") === "on",
    });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    mutation.mutate(parsed.data);
  }

  return (
    <form className="card form ops-form" onSubmit={submit} aria-label="Tenant settings" noValidate>
      <h2>Settings</h2>
      <fieldset disabled={!canEdit} className="ops-fieldset">
        <label>
          Name
          <input
            name="name"
            defaultValue={tenant.name}
            aria-invalid={Boolean(errors.name)}
            aria-describedby="ts-name-err"
          />
          <FieldMessage id="ts-name-err" message={errors.name} />
        </label>
        <label>
          Model allowlist
          <textarea
            name="modelAllowlist"
            rows={3}
            defaultValue={tenant.modelAllowlist.join("\n")}
            placeholder="Empty: every model. One model slug per line."
            aria-invalid={Boolean(errors.modelAllowlist)}
            aria-describedby="ts-allow-err"
          />
          <FieldMessage
            id="ts-allow-err"
            message={errors.modelAllowlist ?? errors["modelAllowlist.0"]}
          />
        </label>
        <label className="ops-check">
          <input
            type="checkbox"
            name="allowDirectModels"
            defaultChecked={tenant.allowDirectModels}
          />
          Allow direct models (name a model instead of a route)
        </label>
        <label className="ops-check">
          <input type="checkbox" name="captureContent" defaultChecked={tenant.captureContent} />
          Capture prompt and response text (off: only a hash is kept)
        </label>
      </fieldset>
      <FieldMessage id="ts-form-err" message={errors._form} />
      {canEdit ? (
        <div className="ops-actions">
          <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
            {mutation.isPending ? "Saving…" : "Save settings"}
          </button>
          {saved ? (
            <span className="ops-ok" role="status">
              Saved.
            </span>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
