"use client";

import { useId, type ReactElement, type ReactNode } from "react";
import { cloneElement, isValidElement } from "react";

interface FieldProps {
  label: string;
  /** The error for this field; shown under it and linked with aria-describedby. */
  error?: string | null;
  hint?: ReactNode;
  /** One input, select or textarea; it gets the id and aria attributes. */
  children: ReactElement<Record<string, unknown>>;
  className?: string;
}

/** A labelled form field that says what is wrong right next to it. */
export function Field({ label, error, hint, children, className }: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy =
    [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  const control = isValidElement(children)
    ? cloneElement(children, {
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy,
      })
    : children;
  return (
    <div className={`field${error ? " field-invalid" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      {control}
      {hint ? (
        <small id={hintId} className="muted">
          {hint}
        </small>
      ) : null}
      {error ? (
        <small id={errorId} className="error-text">
          {error}
        </small>
      ) : null}
    </div>
  );
}
