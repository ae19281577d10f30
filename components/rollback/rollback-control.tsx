"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import type { Role } from "@/lib/auth/roles";
import { ApiProblem } from "@/lib/ui/api-problem";
import { rollbackKeys, rollbackQuery, setRollback } from "@/lib/queries/rollback";
import { routeListQuery } from "@/lib/queries/routes";

/** The header's rollback switch: admins turn it on (route + reason + confirm) or off. */
export function RollbackControl({ role }: { role: Role }) {
  const qc = useQueryClient();
  const state = useQuery(rollbackQuery());
  const [open, setOpen] = useState(false);
  const [routeSlug, setRouteSlug] = useState("");
  const [reason, setReason] = useState("");
  const enabled = state.data?.enabled === true;
  const routes = useQuery({ ...routeListQuery(), enabled: open && !enabled });
  const mutation = useMutation({
    mutationFn: () =>
      enabled
        ? setRollback({ enabled: false, reason })
        : setRollback({ enabled: true, routeSlug, reason }),
    onSuccess: (next) => {
      qc.setQueryData(rollbackKeys.state, next);
      void qc.invalidateQueries({ queryKey: ["audit"] });
      setOpen(false);
      setReason("");
    },
  });
  if (role !== "admin") {
    return enabled ? <span className="badge badge-danger">Rollback on</span> : null;
  }
  const problem = mutation.error instanceof ApiProblem ? mutation.error : null;
  const routeOptions = (routes.data ?? []).filter((r) => r.activeVersion !== null);
  const close = () => {
    setOpen(false);
    mutation.reset();
  };
  return (
    <>
      <button
        type="button"
        className={`btn ${enabled ? "btn-danger" : ""} rollback-toggle`}
        aria-pressed={enabled}
        onClick={() => setOpen(true)}
        disabled={state.isPending}
      >
        {enabled ? "Rollback on — turn off…" : "Rollback…"}
      </button>
      <ConfirmDialog
        open={open}
        title={enabled ? "Turn rollback off?" : "Turn rollback on?"}
        confirmLabel={enabled ? "Turn off and restore policies" : "Turn rollback on"}
        danger={!enabled}
        busy={mutation.isPending}
        confirmDisabled={!enabled && (routeSlug === "" || reason.trim().length < 3)}
        error={
          problem && problem.fieldErrors.length === 0
            ? problem.message
            : mutation.error && !problem
              ? mutation.error.message
              : null
        }
        onCancel={close}
        onConfirm={() => mutation.mutate()}
      >
        {enabled ? (
          <p>
            Every route goes back to its own active policy within a second. Rollback route now:{" "}
            <code>{state.data?.routeSlug}</code>.
          </p>
        ) : (
          <div className="form">
            <p className="muted">
              Every request, on every route, will be served by the route you choose, within a
              second.
            </p>
            <Field label="Known-good route" error={problem?.fieldError("routeSlug")}>
              <select value={routeSlug} onChange={(e) => setRouteSlug(e.target.value)} required>
                <option value="">{routes.isPending ? "Loading routes…" : "Choose a route"}</option>
                {routeOptions.map((r) => (
                  <option key={r.slug} value={r.slug}>
                    {r.slug} (v{r.activeVersion?.version})
                  </option>
                ))}
              </select>
            </Field>
          </div>
        )}
        <Field
          label={enabled ? "Note (optional)" : "Reason"}
          error={problem?.fieldError("reason")}
          hint={enabled ? undefined : "Shown in the banner and the audit log."}
        >
          <textarea
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={2}
            maxLength={500}
          />
        </Field>
      </ConfirmDialog>
    </>
  );
}
