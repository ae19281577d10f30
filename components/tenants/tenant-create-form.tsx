"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { mutationFieldErrors, zodFieldErrors } from "@/lib/ui/field-errors";
import { createTenant, tenantKeys } from "@/lib/queries/tenants";
import { TenantCreateSchema } from "@/lib/schemas/console/tenants";
import { FieldMessage } from "./field-message";

export function TenantCreateForm({ onDone }: { onDone: () => void }) {
  const router = useRouter();
  const client = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: createTenant,
    onSuccess: async (tenant) => {
      await client.invalidateQueries({ queryKey: tenantKeys.all });
      onDone();
      router.push(`/tenants/${tenant.id}`);
    },
    onError: (err) => setErrors(mutationFieldErrors(err)),
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const parsed = TenantCreateSchema.safeParse({
      slug: String(f.get("slug") ?? ""),
      name: String(f.get("name") ?? ""),
    });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    mutation.mutate(parsed.data);
  }

  return (
    <form className="card form ops-form" onSubmit={submit} aria-label="New tenant" noValidate>
      <h2>New tenant</h2>
      <div className="ops-form-row">
        <label>
          Name
          <input
            name="name"
            aria-invalid={Boolean(errors.name)}
            aria-describedby="tenant-name-err"
          />
          <FieldMessage id="tenant-name-err" message={errors.name} />
        </label>
        <label>
          Slug
          <input
            name="slug"
            placeholder="acme-support"
            aria-invalid={Boolean(errors.slug)}
            aria-describedby="tenant-slug-err"
          />
          <FieldMessage id="tenant-slug-err" message={errors.slug} />
        </label>
      </div>
      <FieldMessage id="tenant-form-err" message={errors._form} />
      <div className="ops-actions">
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Creating…" : "Create tenant"}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
