"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { ApiProblem } from "@/lib/ui/api-problem";
import { modelListQuery } from "@/lib/queries/models";
import { deleteRoute, routeKeys, updateRoute, type RouteDetail } from "@/lib/queries/routes";
import type { UpdateRouteInput } from "@/lib/schemas/console/routes";

/** The route's Edit settings / Delete buttons, its settings form and its delete confirmation. */
export function RouteSettings({ route }: { route: RouteDetail }) {
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  return (
    <>
      {!editing ? (
        <div className="ops-actions">
          <button type="button" className="btn" onClick={() => setEditing(true)}>
            Edit settings
          </button>
          <button type="button" className="btn btn-danger" onClick={() => setDeleting(true)}>
            Delete route
          </button>
        </div>
      ) : (
        <RouteSettingsForm route={route} onDone={() => setEditing(false)} />
      )}
      <DeleteRouteDialog route={route} open={deleting} onClose={() => setDeleting(false)} />
    </>
  );
}

function RouteSettingsForm({ route, onDone }: { route: RouteDetail; onDone: () => void }) {
  const qc = useQueryClient();
  const models = useQuery(modelListQuery());
  const [description, setDescription] = useState(route.description);
  const [baseline, setBaseline] = useState(route.baselineModelSlug ?? "");
  const [inspection, setInspection] = useState(route.contentInspection);
  const m = useMutation({
    mutationFn: (body: UpdateRouteInput) => updateRoute(route.slug, body),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: routeKeys.all });
      onDone();
    },
  });
  const problem = m.error instanceof ApiProblem ? m.error : null;
  return (
    <form
      className="card form"
      aria-label="Route settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate({
          description,
          baselineModelSlug: baseline || null,
          contentInspection: inspection,
        });
      }}
    >
      <h2>Route settings</h2>
      <div className="form-grid">
        <Field label="Description" error={problem?.fieldError("description")}>
          <input value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <Field
          label="Baseline model"
          error={problem?.fieldError("baselineModelSlug")}
          hint="Savings are measured against sending every request here."
        >
          <select value={baseline} onChange={(e) => setBaseline(e.target.value)}>
            <option value="">{models.isPending ? "Loading models…" : "None"}</option>
            {models.isError ? <option disabled>Could not load models</option> : null}
            {route.baselineModelSlug &&
            models.data &&
            !models.data.some((x) => x.slug === route.baselineModelSlug) ? (
              <option value={route.baselineModelSlug}>{route.baselineModelSlug}</option>
            ) : null}
            {(models.data ?? []).map((x) => (
              <option key={x.id} value={x.slug}>
                {x.slug}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <label className="ops-check">
        <input
          type="checkbox"
          checked={inspection}
          onChange={(e) => setInspection(e.target.checked)}
        />{" "}
        Content inspection (keyword and regex conditions read the prompt; off, they never match)
      </label>
      {problem && problem.fieldErrors.length === 0 ? (
        <p className="error-text" role="alert">
          {problem.message}
        </p>
      ) : null}
      <div className="ops-actions">
        <button type="submit" className="btn btn-primary" disabled={m.isPending}>
          {m.isPending ? "Saving…" : "Save settings"}
        </button>
        <button type="button" className="btn" onClick={onDone} disabled={m.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DeleteRouteDialog(props: { route: RouteDetail; open: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const router = useRouter();
  const m = useMutation({
    mutationFn: () => deleteRoute(props.route.slug),
    onSuccess: async () => {
      qc.removeQueries({ queryKey: routeKeys.detail(props.route.slug) });
      await qc.invalidateQueries({ queryKey: routeKeys.list() });
      router.push("/routes");
    },
  });
  return (
    <ConfirmDialog
      open={props.open}
      title={`Delete route ${props.route.slug}?`}
      confirmLabel="Delete route"
      danger
      busy={m.isPending}
      error={m.error?.message ?? null}
      onCancel={() => {
        m.reset();
        props.onClose();
      }}
      onConfirm={() => m.mutate()}
    >
      <p>
        Clients calling <code>{props.route.slug}</code> will get “model not found” within a second,
        and its policy versions are deleted. Past decisions on this route stay in the decision log.
      </p>
    </ConfirmDialog>
  );
}
