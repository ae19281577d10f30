"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FieldMessage } from "@/components/tenants/field-message";
import { mutationFieldErrors, zodFieldErrors } from "@/lib/ui/field-errors";
import { createOperator, operatorKeys } from "@/lib/queries/operators";
import { OperatorCreateSchema } from "@/lib/schemas/console/operators";

export function OperatorCreateForm() {
  const client = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: createOperator,
    onSuccess: async (op) => {
      setCreated(op.email);
      await client.invalidateQueries({ queryKey: operatorKeys.all });
    },
    onError: (err) => setErrors(mutationFieldErrors(err)),
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setCreated(null);
    const form = e.currentTarget;
    const f = new FormData(form);
    const parsed = OperatorCreateSchema.safeParse({
      email: String(f.get("email") ?? ""),
      name: String(f.get("name") ?? ""),
      role: String(f.get("role") ?? ""),
      password: String(f.get("password") ?? ""),
    });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    mutation.mutate(parsed.data, { onSuccess: () => form.reset() });
  }

  const field = (name: string, label: string, type = "text", auto = "off") => (
    <label>
      {label}
      <input
        name={name}
        type={type}
        autoComplete={auto}
        aria-invalid={Boolean(errors[name])}
        aria-describedby={`op-${name}-err`}
      />
      <FieldMessage id={`op-${name}-err`} message={errors[name]} />
    </label>
  );

  return (
    <form className="card form ops-form" onSubmit={submit} aria-label="New operator" noValidate>
      <h2>Add an operator</h2>
      <div className="ops-form-row">
        {field("email", "Email", "email")}
        {field("name", "Name")}
      </div>
      <div className="ops-form-row">
        <label>
          Role
          <select name="role" defaultValue="viewer" aria-describedby="op-role-err">
            <option value="viewer">viewer: reads everything but operators</option>
            <option value="editor">editor: policies, registry, chains, budgets</option>
            <option value="admin">admin: providers, operators, API keys, rollback</option>
          </select>
          <FieldMessage id="op-role-err" message={errors.role} />
        </label>
        {field("password", "Initial password (8+ characters)", "password", "new-password")}
      </div>
      <FieldMessage id="op-form-err" message={errors._form} />
      <div className="ops-actions">
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Adding…" : "Add operator"}
        </button>
        {created ? (
          <span className="ops-ok" role="status">
            Added {created}. Share the initial password with them directly.
          </span>
        ) : null}
      </div>
    </form>
  );
}
