"use client";

import { Field } from "@/components/ui/field";
import { CapabilitySchema, MetadataFieldSchema, NumericFieldSchema } from "@/lib/schemas/policy";
import { issueAt, splitList, type DraftIssue } from "./policy-issues";
import { RawJsonInput } from "./raw-json-input";

type Cond = Record<string, unknown> & { type?: unknown };

const TEMPLATES: Record<string, Cond> = {
  metadata: { type: "metadata", field: "task", equals: "" },
  numeric: { type: "numeric", field: "inputTokens", op: "gt", value: 1000 },
  tag: { type: "tag", anyOf: [] },
  tenant: { type: "tenant", in: [] },
  capabilities: { type: "capabilities", requires: ["tools"] },
  keywords: { type: "keywords", anyOf: [] },
  regex: { type: "regex", pattern: "" },
  budget: { type: "budget", state: ["soft"] },
  time_window: { type: "time_window", start: "09:00", end: "17:00", utcOffsetMinutes: 0 },
  all: { type: "all", conditions: [{ type: "tag", anyOf: ["x"] }] },
  any: { type: "any", conditions: [{ type: "tag", anyOf: ["x"] }] },
  not: { type: "not", condition: { type: "tag", anyOf: ["x"] } },
};
const LABELS: Record<string, string> = {
  metadata: "Metadata equals",
  numeric: "Token / message count",
  tag: "Has a tag",
  tenant: "Tenant is one of",
  capabilities: "Needs capabilities",
  keywords: "Prompt has keywords (content)",
  regex: "Prompt matches regex (content)",
  budget: "Budget state (JSON)",
  time_window: "Time window (JSON)",
  all: "All of… (JSON)",
  any: "Any of… (JSON)",
  not: "Not… (JSON)",
};
const OPS = { lt: "<", lte: "≤", gt: ">", gte: "≥", eq: "=" } as const;

interface Props {
  value: Cond;
  onChange: (next: Cond) => void;
  issues: readonly DraftIssue[];
  /** Path of this condition in the document, e.g. `rules.0.when`. */
  at: string;
  disabled?: boolean;
}

/** Form for a rule's condition; combinators and rarer kinds are edited as JSON. */
export function ConditionForm({ value, onChange, issues, at, disabled }: Props) {
  const type = typeof value.type === "string" ? value.type : "metadata";
  const err = (k: string) => issueAt(issues, `${at}.${k}`);
  const set = (k: string, v: unknown) => onChange({ ...value, [k]: v });
  const list = (k: string) => (Array.isArray(value[k]) ? (value[k] as unknown[]).join(", ") : "");
  return (
    <fieldset className="subform" disabled={disabled}>
      <legend>When</legend>
      <div className="form-grid">
        <Field label="Condition" error={issueAt(issues, at)}>
          <select
            value={type}
            onChange={(e) => onChange(TEMPLATES[e.target.value] ?? TEMPLATES.metadata!)}
          >
            {Object.keys(TEMPLATES).map((t) => (
              <option key={t} value={t}>
                {LABELS[t]}
              </option>
            ))}
          </select>
        </Field>
        {type === "metadata" ? (
          <>
            <Field label="Field" error={err("field")}>
              <select
                value={String(value.field ?? "")}
                onChange={(e) => set("field", e.target.value)}
              >
                {MetadataFieldSchema.options.map((f) => (
                  <option key={f}>{f}</option>
                ))}
              </select>
            </Field>
            <Field label="Equals" error={err("equals")}>
              <input
                value={String(value.equals ?? "")}
                onChange={(e) => set("equals", e.target.value)}
              />
            </Field>
          </>
        ) : type === "numeric" ? (
          <>
            <Field label="Field" error={err("field")}>
              <select
                value={String(value.field ?? "")}
                onChange={(e) => set("field", e.target.value)}
              >
                {NumericFieldSchema.options.map((f) => (
                  <option key={f}>{f}</option>
                ))}
              </select>
            </Field>
            <Field label="Comparison" error={err("op")}>
              <select value={String(value.op ?? "gt")} onChange={(e) => set("op", e.target.value)}>
                {Object.entries(OPS).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Value" error={err("value")}>
              <input
                type="number"
                value={String(value.value ?? "")}
                onChange={(e) => set("value", e.target.valueAsNumber)}
              />
            </Field>
          </>
        ) : type === "tag" || type === "keywords" ? (
          <Field
            label={type === "tag" ? "Any of these tags" : "Any of these keywords"}
            error={err("anyOf")}
            hint="Comma-separated"
          >
            <input
              value={list("anyOf")}
              onChange={(e) => set("anyOf", splitList(e.target.value))}
            />
          </Field>
        ) : type === "tenant" ? (
          <Field label="Tenant ids or slugs" error={err("in")} hint="Comma-separated">
            <input value={list("in")} onChange={(e) => set("in", splitList(e.target.value))} />
          </Field>
        ) : type === "capabilities" ? (
          <Field
            label="Capabilities"
            error={err("requires")}
            hint={`Comma-separated: ${CapabilitySchema.options.join(", ")}`}
          >
            <input
              value={list("requires")}
              onChange={(e) => set("requires", splitList(e.target.value))}
            />
          </Field>
        ) : type === "regex" ? (
          <Field
            label="Pattern"
            error={err("pattern")}
            hint="Checked for catastrophic backtracking"
          >
            <input
              className="code"
              value={String(value.pattern ?? "")}
              onChange={(e) => set("pattern", e.target.value)}
            />
          </Field>
        ) : null}
      </div>
      {["budget", "time_window", "all", "any", "not"].includes(type) ? (
        <>
          <RawJsonInput
            key={type}
            label="Condition JSON"
            value={value}
            onChange={(v) => onChange(v as Cond)}
            disabled={disabled}
          />
          {issues
            .filter((i) => i.key.startsWith(`${at}.`))
            .map((i) => (
              <p key={i.key} className="error-text small">
                {i.label}: {i.message}
              </p>
            ))}
        </>
      ) : null}
    </fieldset>
  );
}
