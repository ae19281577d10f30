"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useState, type ChangeEvent, type FormEvent, type ReactNode } from "react";
import type { z } from "zod";
import { Field } from "@/components/ui/field";
import { ApiProblem } from "@/lib/ui/api-problem";

/**
 * The pieces every registry form (models, providers) repeats: the form's state with input
 * bindings, live validation against the API's own schema, the save mutation, and the footer.
 */

type StringKey<T> = { [K in keyof T]: T[K] extends string ? K : never }[keyof T];

/** Form state plus `text(k)`: the `value`/`onChange` pair of an input bound to string field k. */
export function useFormState<T extends object>(initial: () => T) {
  const [f, setF] = useState(initial);
  const patch = (changes: Partial<T>) => setF((current) => ({ ...current, ...changes }));
  const text = (k: StringKey<T>) => ({
    value: f[k] as string,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
      patch({ [k]: e.target.value } as Partial<T>),
  });
  return { f, patch, text };
}

interface RegistryFormOptions<S extends z.ZodType> {
  /** The API's request schema; the form shows its messages next to the fields while you type. */
  schema: S;
  /** The request body as the form holds it now. */
  body: unknown;
  save: (data: z.output<S>) => Promise<unknown>;
  /** The list to refetch after a save (the audit log is refetched too). */
  invalidates: QueryKey;
  onDone: () => void;
  /** Count nested issues (a header name inside `headers`) against their top-level field. */
  errorsByTopField?: boolean;
}

/** Live validation, the save mutation and each field's error (the server's wins over ours). */
export function useRegistryForm<S extends z.ZodType>(o: RegistryFormOptions<S>) {
  const qc = useQueryClient();
  const [touched, setTouched] = useState(false);
  const local = o.schema.safeParse(o.body);
  const localErrors = new Map<string, string>();
  if (!local.success)
    for (const i of local.error.issues)
      localErrors.set(o.errorsByTopField ? String(i.path[0] ?? "") : i.path.join("."), i.message);
  const m = useMutation({
    mutationFn: () => {
      if (!local.success) throw new Error("Fix the highlighted fields.");
      return o.save(local.data);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: o.invalidates });
      void qc.invalidateQueries({ queryKey: ["audit"] });
      o.onDone();
    },
  });
  const problem = m.error instanceof ApiProblem ? m.error : null;
  return {
    problem,
    pending: m.isPending,
    err: (k: string) => problem?.fieldError(k) ?? (touched ? localErrors.get(k) : undefined),
    onSubmit: (e: FormEvent) => {
      e.preventDefault();
      setTouched(true);
      if (local.success) m.mutate();
    },
  };
}

/** A labelled number input. */
export function NumberField({
  label,
  error,
  min,
  step,
  ...input
}: {
  label: string;
  error: string | undefined;
  min?: string;
  step?: string;
  value: string;
  onChange: (e: ChangeEvent<HTMLInputElement>) => void;
}) {
  return (
    <Field label={label} error={error}>
      <input type="number" min={min} step={step} {...input} />
    </Field>
  );
}

/** A checkbox and its label. */
export function CheckField({
  label,
  checked,
  onChange,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

/** The form card with its accessible name and heading. */
export function FormFrame({
  label,
  title,
  onSubmit,
  children,
}: {
  label: string;
  title: string;
  onSubmit: (e: FormEvent) => void;
  children: ReactNode;
}) {
  return (
    <form className="card form" aria-label={label} onSubmit={onSubmit}>
      <h2>{title}</h2>
      {children}
    </form>
  );
}

/** An error that belongs to no field, then Save and Cancel. */
export function FormFooter({
  problem,
  pending,
  submitLabel,
  onCancel,
}: {
  problem: ApiProblem | null;
  pending: boolean;
  submitLabel: string;
  onCancel: () => void;
}) {
  return (
    <>
      {problem && problem.fieldErrors.length === 0 ? (
        <p className="error-text" role="alert">
          {problem.message}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
