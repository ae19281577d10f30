"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { UsageBar } from "@/components/charts/usage-bar";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { mutationFieldErrors, zodFieldErrors } from "@/lib/ui/field-errors";
import { formatDateTime } from "@/lib/ui/format";
import { removeBudget, saveBudget, tenantKeys } from "@/lib/queries/tenants";
import {
  BudgetUpsertSchema,
  type BudgetPeriod,
  type BudgetView,
} from "@/lib/schemas/console/tenants";
import { FieldMessage } from "./field-message";

const TITLES: Record<BudgetPeriod, string> = { daily: "Daily", monthly: "Monthly" };

export function BudgetEditor({
  tenantId,
  period,
  budget,
  canEdit,
}: {
  tenantId: string;
  period: BudgetPeriod;
  budget: BudgetView | null;
  canEdit: boolean;
}) {
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const onError = (err: Error) => setErrors(mutationFieldErrors(err));
  const onSuccess = async () => {
    setEditing(false);
    await client.invalidateQueries({ queryKey: tenantKeys.all });
  };
  const save = useMutation({
    mutationFn: (body: Parameters<typeof saveBudget>[2]) => saveBudget(tenantId, period, body),
    onSuccess,
    onError,
  });
  // Errors of a removal show in its dialog, which stays open so the operator sees them.
  const remove = useMutation({
    mutationFn: () => removeBudget(tenantId, period),
    onSuccess: async () => {
      setConfirming(false);
      await onSuccess();
    },
  });
  const id = `budget-${period}`;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const num = (name: string) => {
      const raw = String(f.get(name) ?? "").trim();
      return raw === "" ? Number.NaN : Number(raw);
    };
    const parsed = BudgetUpsertSchema.safeParse({
      limitUsd: num("limitUsd"),
      softThreshold: num("softPercent") / 100,
      hardLimit: f.get("hardLimit") === "on",
    });
    if (!parsed.success) {
      const errs = zodFieldErrors(parsed.error);
      if (errs.softThreshold) errs.softPercent = errs.softThreshold;
      return setErrors(errs);
    }
    setErrors({});
    save.mutate(parsed.data);
  }

  return (
    <div className="ops-budget" aria-label={`${TITLES[period]} budget`} role="group">
      {budget ? (
        <>
          <UsageBar
            label={`${TITLES[period]} budget`}
            spentUsd={budget.spentUsd}
            leasedUsd={budget.leasedUsd}
            limitUsd={budget.limitUsd}
            softThreshold={budget.softThreshold}
            hardLimit={budget.hardLimit}
          />
          <p className="muted ops-small">Window since {formatDateTime(budget.windowStart)}</p>
        </>
      ) : (
        <p className="muted">
          {TITLES[period]} budget: <strong>none</strong> (no {period} limit)
        </p>
      )}
      {canEdit && !editing ? (
        <div className="ops-actions">
          <button type="button" className="btn" onClick={() => setEditing(true)}>
            {budget ? `Edit ${period} budget` : `Set ${period} budget`}
          </button>
          {budget ? (
            <button
              type="button"
              className="btn btn-ghost"
              disabled={remove.isPending}
              onClick={() => setConfirming(true)}
            >
              Remove
            </button>
          ) : null}
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={`Remove the ${period} budget?`}
        confirmLabel="Remove budget"
        danger
        busy={remove.isPending}
        error={remove.error?.message ?? null}
        onCancel={() => {
          setConfirming(false);
          remove.reset();
        }}
        onConfirm={() => remove.mutate()}
      >
        <p>
          {`The tenant will have no ${period} limit: requests are no longer downgraded or rejected for ${period} spend. Spend so far is kept, and you can set a budget again at any time.`}
        </p>
      </ConfirmDialog>
      {canEdit && editing ? (
        <form
          className="form ops-form"
          onSubmit={submit}
          noValidate
          aria-label={`${TITLES[period]} budget form`}
        >
          <div className="ops-form-row">
            <label>
              Limit (USD)
              <input
                name="limitUsd"
                type="number"
                step="0.01"
                min="0"
                inputMode="decimal"
                defaultValue={budget?.limitUsd ?? ""}
                aria-invalid={Boolean(errors.limitUsd)}
                aria-describedby={`${id}-limit-err`}
              />
              <FieldMessage id={`${id}-limit-err`} message={errors.limitUsd} />
            </label>
            <label>
              Soft threshold (%)
              <input
                name="softPercent"
                type="number"
                step="1"
                min="5"
                max="100"
                defaultValue={Math.round((budget?.softThreshold ?? 0.8) * 100)}
                aria-invalid={Boolean(errors.softPercent)}
                aria-describedby={`${id}-soft-err`}
              />
              <FieldMessage id={`${id}-soft-err`} message={errors.softPercent} />
            </label>
          </div>
          <label className="ops-check">
            <input type="checkbox" name="hardLimit" defaultChecked={budget?.hardLimit ?? true} />
            Hard limit: reject requests once the limit is reached
          </label>
          <FieldMessage id={`${id}-form-err`} message={errors._form} />
          <div className="ops-actions">
            <button type="submit" className="btn btn-primary" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save budget"}
            </button>
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => {
                setEditing(false);
                setErrors({});
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
