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
  return (
    <div className="field">
      <label>
        {label}
        <textarea
          className="code"
          rows={rows}
          value={text}
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
