"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FieldMessage } from "@/components/tenants/field-message";
import { mutationFieldErrors, zodFieldErrors } from "@/lib/ui/field-errors";
import { changeOwnPassword } from "@/lib/queries/operators";
import { PasswordChangeSchema, type PasswordChangeInput } from "@/lib/schemas/console/operators";

/**
 * Change your own password. The server ends every session of the account (this one too), so on
 * success the form signs in again with the new password and this tab stays signed in.
 */
export function ChangePasswordForm({ email }: { email: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const m = useMutation({
    mutationFn: async (body: PasswordChangeInput) => {
      await changeOwnPassword(body);
      const res = await signIn("credentials", {
        email,
        password: body.newPassword,
        redirect: false,
      });
      if (!res || res.error) router.replace("/login");
    },
    onSuccess: () => {
      setDone(true);
      router.refresh();
    },
    onError: (err) => setErrors(mutationFieldErrors(err)),
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setDone(false);
    const form = e.currentTarget;
    const f = new FormData(form);
    const newPassword = String(f.get("newPassword") ?? "");
    if (newPassword !== String(f.get("confirmPassword") ?? ""))
      return setErrors({ confirmPassword: "The two new passwords differ." });
    const parsed = PasswordChangeSchema.safeParse({
      currentPassword: String(f.get("currentPassword") ?? ""),
      newPassword,
    });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    m.mutate(parsed.data, { onSuccess: () => form.reset() });
  }

  const field = (name: string, label: string, auto: string) => (
    <label>
      {label}
      <input
        name={name}
        type="password"
        autoComplete={auto}
        aria-invalid={Boolean(errors[name])}
        aria-describedby={`pw-${name}-err`}
      />
      <FieldMessage id={`pw-${name}-err`} message={errors[name]} />
    </label>
  );

  return (
    <form className="card form ops-form" onSubmit={submit} aria-label="Change password" noValidate>
      <h2>Change password</h2>
      {field("currentPassword", "Current password", "current-password")}
      {field("newPassword", "New password", "new-password")}
      {field("confirmPassword", "Repeat new password", "new-password")}
      <p className="muted">At least 8 characters. Your other sessions are signed out.</p>
      <FieldMessage id="pw-form-err" message={errors._form} />
      <div className="ops-actions">
        <button type="submit" className="btn btn-primary" disabled={m.isPending}>
          {m.isPending ? "Saving…" : "Change password"}
        </button>
        {done ? (
          <span className="ops-ok" role="status">
            Password changed.
          </span>
        ) : null}
      </div>
    </form>
  );
}
