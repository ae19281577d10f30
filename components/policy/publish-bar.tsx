"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { ApiProblem } from "@/lib/ui/api-problem";
import { publishPolicy, routeKeys } from "@/lib/queries/routes";

/** Publishes the draft as a new immutable version with a comment. */
export function PublishBar(props: {
  slug: string;
  draft: unknown;
  valid: boolean;
  dirty: boolean;
  baseVersionId: string | null;
}) {
  const qc = useQueryClient();
  const [comment, setComment] = useState("");
  const m = useMutation({
    mutationFn: () =>
      publishPolicy(props.slug, {
        document: props.draft,
        comment,
        baseVersionId: props.baseVersionId,
      }),
    onSuccess: () => {
      setComment("");
      void qc.invalidateQueries({ queryKey: routeKeys.all });
      void qc.invalidateQueries({ queryKey: ["audit"] });
    },
  });
  const problem = m.error instanceof ApiProblem ? m.error : null;
  const docErrors = problem?.fieldErrors.filter((e) => e.path.startsWith("document")) ?? [];
  return (
    <form
      className="card publish-bar"
      aria-label="Publish"
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate();
      }}
    >
      <Field
        label="Comment"
        error={problem?.fieldError("comment")}
        hint="What changed and why; shown in the version history."
        className="grow"
      >
        <input
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          maxLength={500}
          placeholder="e.g. Send FAQ traffic to the small model"
        />
      </Field>
      <button
        type="submit"
        className="btn btn-primary"
        disabled={!props.valid || !props.dirty || comment.trim() === "" || m.isPending}
      >
        {m.isPending ? "Publishing…" : "Publish new version"}
      </button>
      {problem && problem.fieldErrors.length === 0 ? (
        <p className="error-text" role="alert">
          {problem.message}
        </p>
      ) : null}
      {docErrors.map((e) => (
        <p key={e.path} className="error-text small">
          {e.path}: {e.message}
        </p>
      ))}
      {m.isSuccess ? (
        <p className="ok-text" role="status">
          Published version {m.data.version}.
        </p>
      ) : null}
    </form>
  );
}
