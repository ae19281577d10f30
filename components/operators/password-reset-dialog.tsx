"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FieldMessage } from "@/components/tenants/field-message";
import { resetOperatorPassword } from "@/lib/queries/operators";
import { ApiProblem } from "@/lib/ui/api-problem";
import { PasswordResetSchema, type OperatorView } from "@/lib/schemas/console/operators";

/** Admin: set a new password for `operator` (null: closed). Their sessions end at once. */
export function PasswordResetDialog(props: {
  operator: OperatorView | null;
  onClose: () => void;
  onDone: (email: string) => void;
}) {
  const [password, setPassword] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const m = useMutation({
    mutationFn: ({ id, pw }: { id: string; pw: string }) => resetOperatorPassword(id, pw),
    onSuccess: () => {
      if (props.operator) props.onDone(props.operator.email);
      close();
    },
    onError: (err) =>
      setFieldError(err instanceof ApiProblem ? err.fieldError("password") : undefined),
  });
  function close() {
    setPassword("");
    setFieldError(undefined);
    m.reset();
    props.onClose();
  }
  const formError = m.error && !fieldError ? m.error.message : null;
  return (
    <ConfirmDialog
      open={props.operator !== null}
      title={`Reset the password of ${props.operator?.email ?? ""}`}
      confirmLabel="Set password"
      busy={m.isPending}
      error={formError}
      onCancel={close}
      onConfirm={() => {
        const parsed = PasswordResetSchema.safeParse({ password });
        if (!parsed.success) return setFieldError(parsed.error.issues[0]?.message);
        setFieldError(undefined);
        if (props.operator) m.mutate({ id: props.operator.id, pw: parsed.data.password });
      }}
    >
      <div className="form">
        <label>
          New password
          <input
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={Boolean(fieldError)}
            aria-describedby="reset-pw-err"
          />
          <FieldMessage id="reset-pw-err" message={fieldError} />
        </label>
      </div>
      <p className="muted">
        At least 8 characters. They are signed out everywhere and sign in with the new password.
      </p>
    </ConfirmDialog>
  );
}
