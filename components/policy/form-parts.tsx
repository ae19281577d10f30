"use client";

import { useId, useState, type ReactNode } from "react";
import { Field } from "@/components/ui/field";
import {
  formatList,
  numberInputText,
  parseList,
  parseNumberInput,
  toggleMember,
} from "@/lib/ui/policy-form-values";
import { issuesUnder, type DraftIssue } from "./policy-issues";

/**
 * The field blocks the condition and action forms share: model picker, number with unit, enum
 * select, text input, checkbox group and list input. Rows of a list field: rows-editor.tsx.
 */

/** First message at or under `key` (groups report errors on their members, e.g. `days.2`). */
export function issueUnder(issues: readonly DraftIssue[], key: string): string | undefined {
  return issuesUnder(issues, key)[0]?.message;
}

/** A model picker over the registry; a slug the registry does not know stays selectable. */
export function ModelSelect({
  label = "Model",
  value,
  models,
  error,
  onChange,
}: {
  label?: string;
  value: unknown;
  models: readonly string[];
  error?: string;
  onChange: (slug: string) => void;
}) {
  const current = typeof value === "string" ? value : "";
  const all = current && !models.includes(current) ? [current, ...models] : models;
  return (
    <Field label={label} error={error}>
      <select value={current} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        {all.map((m) => (
          <option key={m}>{m}</option>
        ))}
      </select>
    </Field>
  );
}

/** A text input (or `type="time"`); `code` sets it in monospace (patterns). */
export function TextField({
  label,
  value,
  type,
  code,
  error,
  hint,
  onChange,
}: {
  label: string;
  value: unknown;
  type?: "text" | "time";
  code?: boolean;
  error?: string;
  hint?: ReactNode;
  onChange: (next: string) => void;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      <input
        type={type ?? "text"}
        className={code ? "code" : undefined}
        value={typeof value === "string" ? value : ""}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

/** A number input whose label carries its unit; empty means "not set" (undefined). */
export function NumberField({
  label,
  unit,
  value,
  error,
  hint,
  min,
  max,
  step,
  onChange,
}: {
  label: string;
  unit?: string;
  value: unknown;
  error?: string;
  hint?: ReactNode;
  min?: number;
  max?: number;
  step?: number | "any";
  onChange: (next: number | undefined) => void;
}) {
  return (
    <Field label={unit ? `${label} (${unit})` : label} error={error} hint={hint}>
      <input
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step ?? "any"}
        value={numberInputText(value)}
        onChange={(e) => onChange(parseNumberInput(e.target.value))}
      />
    </Field>
  );
}

/** A select over a closed set; `empty` adds a first option meaning "not set" (undefined). */
export function EnumSelect({
  label,
  value,
  options,
  empty,
  error,
  onChange,
}: {
  label: string;
  value: unknown;
  options: readonly (string | { value: string; label: string })[];
  empty?: string;
  error?: string;
  onChange: (next: string | undefined) => void;
}) {
  const opts = options.map((o) => (typeof o === "string" ? { value: o, label: o } : o));
  const current = typeof value === "string" || typeof value === "number" ? String(value) : "";
  if (current && !opts.some((o) => o.value === current))
    opts.unshift({ value: current, label: current });
  return (
    <Field label={label} error={error}>
      <select value={current} onChange={(e) => onChange(e.target.value || undefined)}>
        {empty !== undefined || !current ? <option value="">{empty ?? "Choose…"}</option> : null}
        {opts.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * Checkboxes for members of a closed set. `onChange` gets the new list, or undefined when the
 * last box is cleared and `optional` (the field then leaves the document).
 */
export function CheckGroup<T extends string | number>({
  legend,
  options,
  labels,
  value,
  optional,
  error,
  hint,
  onChange,
}: {
  legend: string;
  options: readonly T[];
  labels?: readonly string[];
  value: unknown;
  optional?: boolean;
  error?: string;
  hint?: string;
  onChange: (next: T[] | undefined) => void;
}) {
  const list = Array.isArray(value) ? (value as T[]) : [];
  const errorId = useId();
  return (
    <fieldset
      className="subform"
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? errorId : undefined}
    >
      <legend>{legend}</legend>
      <div className="chips">
        {options.map((o, i) => (
          <label key={String(o)} className="check">
            <input
              type="checkbox"
              checked={list.includes(o)}
              onChange={(e) => {
                const next = toggleMember(list, o, e.target.checked, options);
                onChange(optional && next.length === 0 ? undefined : next);
              }}
            />
            {labels?.[i] ?? String(o)}
          </label>
        ))}
      </div>
      {hint ? <small className="muted">{hint}</small> : null}
      {error ? (
        <small id={errorId} className="error-text">
          {error}
        </small>
      ) : null}
    </fieldset>
  );
}

/**
 * A list typed as text (comma-separated, or one per line). Keeps the text as typed while it
 * still means the stored list, so a trailing comma or newline can be typed.
 */
export function ListInput({
  label,
  value,
  separator = ",",
  optional,
  error,
  hint,
  onChange,
}: {
  label: string;
  value: unknown;
  separator?: "," | "\n";
  optional?: boolean;
  error?: string;
  hint?: ReactNode;
  onChange: (next: string[] | undefined) => void;
}) {
  const [text, setText] = useState(() => formatList(value, separator));
  const stored = formatList(value, separator);
  const shown = formatList(parseList(text, separator), separator) === stored ? text : stored;
  const update = (t: string) => {
    setText(t);
    const list = parseList(t, separator);
    onChange(optional && list.length === 0 ? undefined : list);
  };
  return (
    <Field
      label={label}
      error={error}
      hint={hint ?? (separator === "," ? "Comma-separated" : "One per line")}
    >
      {separator === "," ? (
        <input value={shown} onChange={(e) => update(e.target.value)} />
      ) : (
        <textarea
          className="code"
          rows={3}
          spellCheck={false}
          value={shown}
          onChange={(e) => update(e.target.value)}
        />
      )}
    </Field>
  );
}
