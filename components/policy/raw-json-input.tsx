"use client";

import { useState } from "react";
import { findJsonError, type JsonSyntaxError } from "@/lib/ui/json-position";

/**
 * A JSON textarea for one value of the document (the whole policy in the JSON view, or conditions
 * and actions the forms do not cover). Keeps the text the operator types; only valid JSON reaches
 * the draft, and a parse error is marked at its line and column (`onSyntaxError` tells the parent,
 * which disables what would act on the stale draft).
 */
export function RawJsonInput({
  value,
  onChange,
  onSyntaxError,
  label,
  rows = 6,
  disabled,
}: {
  value: unknown;
  onChange: (next: unknown) => void;
  onSyntaxError?: (error: JsonSyntaxError | null) => void;
  label: string;
  rows?: number;
  disabled?: boolean;
}) {
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [error, setError] = useState<JsonSyntaxError | null>(null);
  // The typed text stays while it is invalid or still means `value`; when the value changes
  // elsewhere (rows reordered, the other view edited) the box shows the new value.
  const shown = error !== null || sameJson(text, value) ? text : JSON.stringify(value, null, 2);
  return (
    <div className="field">
      <label>
        {label}
        <textarea
          className="code"
          rows={rows}
          value={shown}
          disabled={disabled}
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            const next = e.target.value;
            const syntax = findJsonError(next);
            setText(next);
            setError(syntax);
            onSyntaxError?.(syntax);
            if (syntax === null) onChange(JSON.parse(next));
          }}
        />
      </label>
      {error ? <JsonErrorMark text={shown} error={error} /> : null}
    </div>
  );
}

/** The message with its line and column, and the offending line with a caret under the column. */
function JsonErrorMark({ text, error }: { text: string; error: JsonSyntaxError }) {
  const line = text.split("\n")[error.line - 1] ?? "";
  const gutter = `${error.line} | `;
  return (
    <div className="json-error" role="alert">
      <small className="error-text">
        Not valid JSON at line {error.line}, column {error.column}: {error.message}
      </small>
      <pre className="code json-error-line" aria-label={`Line ${error.line}`}>
        {`${gutter}${line}\n${" ".repeat(gutter.length + error.column - 1)}^`}
      </pre>
    </div>
  );
}

function sameJson(text: string, value: unknown): boolean {
  if (findJsonError(text) !== null) return false;
  return JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
}
