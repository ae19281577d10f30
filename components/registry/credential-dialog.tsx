"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { ApiProblem } from "@/lib/ui/api-problem";
import { providerKeys, setProviderCredential, type ProviderRecord } from "@/lib/queries/providers";

/** Set, replace or clear a provider's credential. The value is sent once and never shown back. */
export function CredentialDialog({
  provider,
  onClose,
}: {
  provider: ProviderRecord | null;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const [value, setValue] = useState("");
  const [clear, setClear] = useState(false);
  const m = useMutation({
    mutationFn: () => setProviderCredential(provider?.id ?? "", clear ? null : value),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: providerKeys.all });
      void qc.invalidateQueries({ queryKey: ["audit"] });
      setValue("");
      setClear(false);
      onClose();
    },
  });
  const problem = m.error instanceof ApiProblem ? m.error : null;
  return (
    <ConfirmDialog
      open={provider !== null}
      title={`Credential of ${provider?.name ?? ""}`}
      confirmLabel={
        clear
          ? "Clear credential"
          : provider?.hasCredential
            ? "Replace credential"
            : "Set credential"
      }
      danger={clear}
      busy={m.isPending}
      confirmDisabled={!clear && value.trim().length < 8}
      error={problem && problem.fieldErrors.length === 0 ? problem.message : null}
      onCancel={() => {
        m.reset();
        setValue("");
        setClear(false);
        onClose();
      }}
      onConfirm={() => m.mutate()}
    >
      <p className="muted">
        {provider?.hasCredential ? (
          <>
            A credential ending in <code>{provider.credentialHint}</code> is stored (encrypted).
          </>
        ) : (
          "No credential is stored."
        )}{" "}
        It is never shown again after saving.
      </p>
      {clear ? null : (
        <Field
          label="New API key"
          error={problem?.fieldError("value")}
          hint="At least 8 characters"
        >
          <input
            type="password"
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </Field>
      )}
      {provider?.hasCredential ? (
        <label className="check">
          <input type="checkbox" checked={clear} onChange={(e) => setClear(e.target.checked)} />{" "}
          Clear the stored credential instead
        </label>
      ) : null}
    </ConfirmDialog>
  );
}
