"use client";

import {
  COMPARISON_OPTIONS,
  WEEKDAYS,
  asObject,
  fractionToPercent,
  percentToFraction,
  utcOffsetOptions,
  withField,
  type JsonObject,
} from "@/lib/ui/policy-form-values";
import { CheckGroup, EnumSelect, NumberField, TextField, issueUnder } from "./form-parts";
import { issueAt, type DraftIssue } from "./policy-issues";

interface Props {
  value: JsonObject;
  issues: readonly DraftIssue[];
  at: string;
  onChange: (next: JsonObject) => void;
}

const BUDGET_STATES = ["ok", "soft", "hard"] as const;
const DAY_NUMBERS = [0, 1, 2, 3, 4, 5, 6] as const;

/** Budget condition: the tenant's budget state and/or the fraction of the limit spent. */
export function BudgetFields({ value, issues, at, onChange }: Props) {
  const spent = value.fractionSpent === undefined ? undefined : asObject(value.fractionSpent);
  return (
    <>
      <CheckGroup
        legend="Budget state is one of"
        options={BUDGET_STATES}
        labels={["ok", "soft threshold passed", "hard limit reached"]}
        value={value.state}
        optional
        hint="Leave all unchecked to compare the spent share only."
        error={issueUnder(issues, `${at}.state`)}
        onChange={(v) => onChange(withField(value, "state", v))}
      />
      <div className="form-grid">
        <EnumSelect
          label="Share of budget spent"
          value={spent?.op}
          options={COMPARISON_OPTIONS}
          empty="(any share)"
          error={issueAt(issues, `${at}.fractionSpent.op`)}
          onChange={(op) =>
            onChange(
              withField(
                value,
                "fractionSpent",
                op === undefined ? undefined : { ...spent, op, value: spent?.value ?? 0.8 },
              ),
            )
          }
        />
        {spent ? (
          <NumberField
            label="Spent"
            unit="% of limit"
            min={0}
            value={fractionToPercent(spent.value)}
            error={issueAt(issues, `${at}.fractionSpent.value`)}
            onChange={(p) =>
              onChange(
                withField(value, "fractionSpent", withField(spent, "value", percentToFraction(p))),
              )
            }
          />
        ) : null}
      </div>
    </>
  );
}

/** Time-window condition: local start and end, UTC offset, optional days of the week. */
export function TimeWindowFields({ value, issues, at, onChange }: Props) {
  const set = (k: string, v: unknown) => onChange(withField(value, k, v));
  return (
    <>
      <div className="form-grid">
        <TextField
          label="From (local time)"
          type="time"
          value={value.start}
          error={issueAt(issues, `${at}.start`)}
          onChange={(v) => set("start", v)}
        />
        <TextField
          label="Until (local time)"
          type="time"
          value={value.end}
          error={issueAt(issues, `${at}.end`)}
          hint="Excluded; before “From” wraps past midnight"
          onChange={(v) => set("end", v)}
        />
        <EnumSelect
          label="Time zone (UTC offset)"
          value={
            typeof value.utcOffsetMinutes === "number" ? String(value.utcOffsetMinutes) : undefined
          }
          options={utcOffsetOptions(value.utcOffsetMinutes).map((o) => ({
            value: String(o.value),
            label: o.label,
          }))}
          error={issueAt(issues, `${at}.utcOffsetMinutes`)}
          onChange={(v) => set("utcOffsetMinutes", v === undefined ? undefined : Number(v))}
        />
      </div>
      <CheckGroup
        legend="On these days (local)"
        options={DAY_NUMBERS}
        labels={WEEKDAYS}
        value={value.days}
        optional
        hint="None checked: every day."
        error={issueUnder(issues, `${at}.days`)}
        onChange={(v) => set("days", v)}
      />
    </>
  );
}
