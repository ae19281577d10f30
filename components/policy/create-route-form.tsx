"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { ApiProblem } from "@/lib/ui/api-problem";
import { modelListQuery } from "@/lib/queries/models";
import { createRoute, routeKeys } from "@/lib/queries/routes";

/** Creates a route whose first policy sends everything to one model (edit it afterwards). */
export function CreateRouteForm() {
  const qc = useQueryClient();
  const router = useRouter();
  const models = useQuery(modelListQuery());
  const [slug, setSlug] = useState("");
  const [description, setDescription] = useState("");
  const [model, setModel] = useState("");
  const m = useMutation({
    mutationFn: () =>
      createRoute({
        slug,
        description,
        baselineModelSlug: model || null,
        comment: "Initial policy",
        document: { schemaVersion: 1, rules: [], default: { strategy: "single", model } },
      }),
    onSuccess: (route) => {
      void qc.invalidateQueries({ queryKey: routeKeys.all });
      router.push(`/routes/${encodeURIComponent(route.slug)}`);
    },
  });
  const problem = m.error instanceof ApiProblem ? m.error : null;
  const modelError = problem?.fieldErrors.find((e) => e.path.startsWith("document"))?.message;
  return (
    <form
      className="card form form-inline"
      aria-label="Create a route"
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate();
      }}
    >
      <h2>Create a route</h2>
      <div className="form-grid">
        <Field label="Name" error={problem?.fieldError("slug")} hint="Clients send it as `model`.">
          <input
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
            placeholder="e.g. support"
            required
          />
        </Field>
        <Field label="Description" error={problem?.fieldError("description")}>
          <input value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <Field
          label="Default model (and baseline)"
          error={modelError ?? problem?.fieldError("baselineModelSlug")}
        >
          <select value={model} onChange={(e) => setModel(e.target.value)} required>
            <option value="">{models.isPending ? "Loading…" : "Choose a model"}</option>
            {(models.data ?? []).map((x) => (
              <option key={x.id} value={x.slug}>
                {x.slug}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {problem && problem.fieldErrors.length === 0 ? (
        <p className="error-text">{problem.message}</p>
      ) : null}
      <div>
        <button type="submit" className="btn btn-primary" disabled={m.isPending || !slug || !model}>
          {m.isPending ? "Creating…" : "Create route"}
        </button>
      </div>
    </form>
  );
}
