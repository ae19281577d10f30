"use client";

import {
  CONDITION_LABELS,
  MAX_COMBINATOR_DEPTH,
  changeConditionKind,
  conditionKindsAt,
  conditionTemplate,
  isCombinator,
  type ConditionKind,
} from "@/lib/ui/policy-form-kinds";
import {
  COMPARISON_OPTIONS,
  asObject,
  withField,
  type JsonObject,
} from "@/lib/ui/policy-form-values";
import { CapabilitySchema, MetadataFieldSchema, NumericFieldSchema } from "@/lib/schemas/policy";
import { BudgetFields, TimeWindowFields } from "./condition-fields";
import {
  CheckGroup,
  EnumSelect,
  ListInput,
  NumberField,
  TextField,
  issueUnder,
} from "./form-parts";
import { issueAt, type DraftIssue } from "./policy-issues";
import { RawJsonInput } from "./raw-json-input";
import { RowsEditor } from "./rows-editor";

interface Props {
  value: JsonObject;
  onChange: (next: JsonObject) => void;
  issues: readonly DraftIssue[];
  /** Path of this condition in the document, e.g. `rules.0.when`. */
  at: string;
  disabled?: boolean;
  /** Combinators above this condition (0 for a rule's `when`). */
  depth?: number;
  legend?: string;
}

/**
 * Form for a rule's condition. Every kind has controls; all / any / not nest condition forms up to
 * MAX_COMBINATOR_DEPTH combinators, below that a combinator typed in JSON is edited as JSON.
 */
export function ConditionForm({
  value,
  onChange,
  issues,
  at,
  disabled,
  depth = 0,
  legend = "When",
}: Props) {
  const type = typeof value.type === "string" ? value.type : "metadata";
  const err = (k: string) => issueAt(issues, `${at}.${k}`);
  const set = (k: string, v: unknown) => onChange(withField(value, k, v));
  const tooDeep = depth >= MAX_COMBINATOR_DEPTH && isCombinator(type);
  const kinds = conditionKindsAt(depth);
  const options = (kinds.includes(type as ConditionKind) ? kinds : [...kinds, type]).map((k) => ({
    value: k,
    label: CONDITION_LABELS[k as ConditionKind] ?? k,
  }));
  return (
    <fieldset className="subform" disabled={disabled}>
      <legend>{legend}</legend>
      <div className="form-grid">
        <EnumSelect
          label="Condition"
          value={type}
          options={options}
          error={issueAt(issues, at)}
          onChange={(k) => onChange(changeConditionKind(value, (k ?? "metadata") as ConditionKind))}
        />
        {type === "metadata" ? (
          <>
            <EnumSelect
              label="Field"
              value={value.field}
              options={MetadataFieldSchema.options}
              error={err("field")}
              onChange={(v) => set("field", v)}
            />
            <EnumSelect
              label="Match"
              value={Array.isArray(value.in) ? "in" : "equals"}
              options={[
                { value: "equals", label: "equals" },
                { value: "in", label: "is one of" },
              ]}
              onChange={(m) =>
                onChange(
                  m === "in"
                    ? withField(withField(value, "equals", undefined), "in", [])
                    : withField(withField(value, "in", undefined), "equals", ""),
                )
              }
            />
            {Array.isArray(value.in) ? (
              <ListInput
                label="Is one of"
                value={value.in}
                error={err("in")}
                onChange={(v) => set("in", v)}
              />
            ) : (
              <TextField
                label="Equals"
                value={value.equals}
                error={err("equals")}
                onChange={(v) => set("equals", v)}
              />
            )}
          </>
        ) : type === "numeric" ? (
          <>
            <EnumSelect
              label="Field"
              value={value.field}
              options={NumericFieldSchema.options}
              error={err("field")}
              onChange={(v) => set("field", v)}
            />
            <EnumSelect
              label="Comparison"
              value={value.op}
              options={COMPARISON_OPTIONS}
              error={err("op")}
              onChange={(v) => set("op", v)}
            />
            <NumberField
              label="Value"
              unit={String(value.field ?? "").endsWith("Tokens") ? "tokens" : "count"}
              value={value.value}
              error={err("value")}
              onChange={(v) => set("value", v)}
            />
          </>
        ) : type === "tag" || type === "keywords" ? (
          <ListInput
            label={type === "tag" ? "Any of these tags" : "Any of these keywords"}
            value={value.anyOf}
            error={issueUnder(issues, `${at}.anyOf`)}
            onChange={(v) => set("anyOf", v)}
          />
        ) : type === "tenant" ? (
          <ListInput
            label="Tenant ids"
            value={value.in}
            error={issueUnder(issues, `${at}.in`)}
            onChange={(v) => set("in", v)}
          />
        ) : type === "regex" ? (
          <TextField
            label="Pattern"
            code
            value={value.pattern}
            error={err("pattern")}
            hint="Checked for catastrophic backtracking"
            onChange={(v) => set("pattern", v)}
          />
        ) : null}
      </div>
      {type === "capabilities" ? (
        <CheckGroup
          legend="Request needs all of"
          options={CapabilitySchema.options}
          value={value.requires}
          error={issueUnder(issues, `${at}.requires`)}
          onChange={(v) => set("requires", v ?? [])}
        />
      ) : type === "keywords" || type === "regex" ? (
        <label className="check">
          <input
            type="checkbox"
            checked={value.caseSensitive === true}
            onChange={(e) => set("caseSensitive", e.target.checked ? true : undefined)}
          />
          Case-sensitive
        </label>
      ) : type === "budget" ? (
        <BudgetFields value={value} issues={issues} at={at} onChange={onChange} />
      ) : type === "time_window" ? (
        <TimeWindowFields value={value} issues={issues} at={at} onChange={onChange} />
      ) : tooDeep ? (
        <RawJsonInput
          label={`Nested condition JSON (forms nest ${MAX_COMBINATOR_DEPTH} levels)`}
          value={value}
          onChange={(v) => onChange(asObject(v))}
          disabled={disabled}
        />
      ) : type === "all" || type === "any" ? (
        <RowsEditor
          legend={type === "all" ? "Every one of these holds" : "At least one of these holds"}
          noun="Condition"
          value={value}
          field="conditions"
          onChange={onChange}
          issues={issues}
          at={at}
          min={1}
          disabled={disabled}
          add={(conditions) => [...conditions, conditionTemplate("metadata")]}
          renderRow={(c, update, cAt, i) => (
            <ConditionForm
              value={c}
              onChange={update}
              issues={issues}
              at={cAt}
              depth={depth + 1}
              legend={`${type === "all" ? "And" : "Or"} condition ${i + 1}`}
            />
          )}
        />
      ) : type === "not" ? (
        <ConditionForm
          value={asObject(value.condition)}
          onChange={(c) => set("condition", c)}
          issues={issues}
          at={`${at}.condition`}
          depth={depth + 1}
          legend="Does not hold"
        />
      ) : null}
    </fieldset>
  );
}
