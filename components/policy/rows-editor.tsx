"use client";

import { useId, type ReactNode } from "react";
import { moveItem, objectsOf, withField, type JsonObject } from "@/lib/ui/policy-form-values";
import { issueAt, type DraftIssue } from "./policy-issues";

/**
 * The rows of a list field of an action or condition (cascade stages, split variants, bands,
 * fallback steps, nested conditions): each row is a named group with move up / move down /
 * remove buttons; `add` returns the list with a new row. Errors on the list itself (too few
 * rows, bands not increasing) show under the rows.
 */
export function RowsEditor({
  legend,
  noun,
  value,
  field,
  onChange,
  issues,
  at,
  min = 0,
  max = Infinity,
  disabled,
  add,
  renderRow,
}: {
  legend: string;
  noun: string;
  /** The object that holds the list, and the list's key in it. */
  value: JsonObject;
  field: string;
  onChange: (next: JsonObject) => void;
  issues: readonly DraftIssue[];
  /** Path of `value` in the document. */
  at: string;
  min?: number;
  max?: number;
  disabled?: boolean;
  add: (items: JsonObject[]) => JsonObject[];
  renderRow: (
    item: JsonObject,
    update: (next: JsonObject) => void,
    itemAt: string,
    index: number,
  ) => ReactNode;
}) {
  const items = objectsOf(value[field]);
  const setItems = (next: JsonObject[]) => onChange(withField(value, field, next));
  const error = issueAt(issues, `${at}.${field}`);
  const errorId = useId();
  const name = noun.toLowerCase();
  return (
    <fieldset
      className="subform steps-editor"
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? errorId : undefined}
    >
      <legend>{legend}</legend>
      {items.map((item, i) => (
        <div key={i} className="steps-editor" role="group" aria-label={`${noun} ${i + 1}`}>
          <div className="row">
            <strong className="small">{`${noun} ${i + 1}`}</strong>
            {disabled ? null : (
              <div className="rule-actions">
                <button
                  type="button"
                  className="btn btn-ghost"
                  onClick={() => setItems(moveItem(items, i, -1))}
                  disabled={i === 0}
                  aria-label={`Move ${name} ${i + 1} up`}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="btn btn-ghost"
                  onClick={() => setItems(moveItem(items, i, 1))}
                  disabled={i === items.length - 1}
                  aria-label={`Move ${name} ${i + 1} down`}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="btn btn-ghost"
                  onClick={() => setItems(items.filter((_, j) => j !== i))}
                  disabled={items.length <= min}
                  aria-label={`Remove ${name} ${i + 1}`}
                >
                  ✕
                </button>
              </div>
            )}
          </div>
          {renderRow(
            item,
            (next) => setItems(items.map((x, j) => (j === i ? next : x))),
            `${at}.${field}.${i}`,
            i,
          )}
        </div>
      ))}
      {error ? (
        <small id={errorId} className="error-text">
          {error}
        </small>
      ) : null}
      {disabled ? null : (
        <div>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setItems(add(items))}
            disabled={items.length >= max}
          >
            {`+ Add ${name}`}
          </button>
        </div>
      )}
    </fieldset>
  );
}
