"use client";

import { withField, type JsonObject } from "@/lib/ui/policy-form-values";
import { ListInput, NumberField, issueUnder } from "./form-parts";
import { issueAt, type DraftIssue } from "./policy-issues";

/** Quality gates of one cascade stage; a failed gate escalates to the next stage. */
export function GateFields({
  value,
  onChange,
  issues,
  at,
}: {
  value: JsonObject;
  onChange: (next: JsonObject) => void;
  issues: readonly DraftIssue[];
  at: string;
}) {
  const set = (k: string, v: unknown) => onChange(withField(value, k, v));
  const flag = (k: string, label: string) => (
    <label className="check">
      <input
        type="checkbox"
        checked={value[k] === true}
        onChange={(e) => set(k, e.target.checked ? true : undefined)}
      />
      {label}
    </label>
  );
  const num = (k: string, label: string, unit: string, min?: number, max?: number) => (
    <NumberField
      label={label}
      unit={unit}
      min={min}
      max={max}
      value={value[k]}
      error={issueAt(issues, `${at}.${k}`)}
      onChange={(v) => set(k, v)}
    />
  );
  return (
    <fieldset className="subform">
      <legend>Gates (escalate when one fails)</legend>
      <div className="chips">
        {flag("nonEmpty", "Non-empty")}
        {flag("json", "Valid JSON")}
        {flag("jsonSchema", "Matches the request's JSON schema")}
      </div>
      <div className="form-grid">
        {num("minLength", "Min length", "chars", 0)}
        {num("maxLength", "Max length", "chars", 1)}
        {num("minMeanLogprob", "Min mean logprob", "≤ 0", undefined, 0)}
      </div>
      <ListInput
        label="Required JSON fields"
        value={value.requiredFields}
        optional
        hint="Comma-separated dotted paths"
        error={issueUnder(issues, `${at}.requiredFields`)}
        onChange={(v) => set("requiredFields", v)}
      />
      <ListInput
        label="Refusal patterns (regex)"
        value={value.refusalPatterns}
        separator={"\n"}
        optional
        hint="One per line, case-insensitive"
        error={issueUnder(issues, `${at}.refusalPatterns`)}
        onChange={(v) => set("refusalPatterns", v)}
      />
    </fieldset>
  );
}
