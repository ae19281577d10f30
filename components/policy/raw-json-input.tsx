"use client";

import { useState } from "react";

/**
 * A JSON textarea for one value of the document (conditions or actions the forms do not cover).
 * Keeps the text the operator types; only valid JSON reaches the draft.
 */
export function RawJsonInput({
  value,
  onChange,
  label,
  rows = 6,
  disabled,
}: {
  value: unknown;
  onChange: (next: unknown) => void;
  label: string;
  rows?: number;
  disabled?: boolean;
}) {
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [error, setError] = useState<string | null>(null);
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
            setText(e.target.value);
            try {
              onChange(JSON.parse(e.target.value));
              setError(null);
            } catch (err) {
              setError(err instanceof Error ? `Not valid JSON: ${err.message}` : "Not valid JSON");
            }
          }}
        />
      </label>
      {error ? <small className="error-text">{error}</small> : null}
    </div>
  );
}

function sameJson(text: string, value: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
  } catch {
    return false;
  }
}
