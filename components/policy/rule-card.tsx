"use client";

import { Field } from "@/components/ui/field";
import { asObject } from "@/lib/ui/policy-form-values";
import { ActionForm } from "./action-form";
import { ConditionForm } from "./condition-form";
import { issueAt, issuesUnder, type DraftIssue } from "./policy-issues";

export type RuleDraft = Record<string, unknown>;

interface Props {
  rule: RuleDraft;
  index: number;
  count: number;
  issues: readonly DraftIssue[];
  models: readonly string[];
  chains: readonly string[];
  readOnly: boolean;
  onChange: (next: RuleDraft) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

/** One ordered rule: id, description, enabled, condition and action. */
export function RuleCard({
  rule,
  index,
  count,
  issues,
  models,
  chains,
  readOnly,
  onChange,
  onMove,
  onRemove,
}: Props) {
  const at = `rules.${index}`;
  const mine = issuesUnder(issues, at);
  const id = typeof rule.id === "string" ? rule.id : "";
  return (
    <li
      className={`rule-card card${mine.length ? " rule-invalid" : ""}`}
      aria-label={`Rule ${index + 1}${id ? ` (${id})` : ""}`}
    >
      <div className="rule-head">
        <span className="rule-index" aria-hidden="true">
          {index + 1}
        </span>
        <Field label="Rule id" error={issueAt(issues, `${at}.id`)}>
          <input
            value={id}
            onChange={(e) => onChange({ ...rule, id: e.target.value })}
            disabled={readOnly}
          />
        </Field>
        <Field label="Description" error={issueAt(issues, `${at}.description`)} className="grow">
          <input
            value={typeof rule.description === "string" ? rule.description : ""}
            onChange={(e) => onChange({ ...rule, description: e.target.value || undefined })}
            disabled={readOnly}
          />
        </Field>
        <label className="check">
          <input
            type="checkbox"
            checked={rule.enabled !== false}
            onChange={(e) => onChange({ ...rule, enabled: e.target.checked })}
            disabled={readOnly}
          />{" "}
          Enabled
        </label>
        {readOnly ? null : (
          <div className="rule-actions">
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => onMove(-1)}
              disabled={index === 0}
              aria-label={`Move rule ${id || index + 1} up`}
            >
              ↑
            </button>
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => onMove(1)}
              disabled={index === count - 1}
              aria-label={`Move rule ${id || index + 1} down`}
            >
              ↓
            </button>
            <button
              type="button"
              className="btn btn-ghost danger-text"
              onClick={onRemove}
              aria-label={`Remove rule ${id || index + 1}`}
            >
              Remove
            </button>
          </div>
        )}
      </div>
      <div className="rule-body">
        <ConditionForm
          value={asObject(rule.when)}
          onChange={(when) => onChange({ ...rule, when })}
          issues={issues}
          at={`${at}.when`}
          disabled={readOnly}
        />
        <ActionForm
          legend="Then"
          value={asObject(rule.then)}
          onChange={(then) => onChange({ ...rule, then })}
          issues={issues}
          at={`${at}.then`}
          models={models}
          chains={chains}
          disabled={readOnly}
        />
      </div>
      {mine.length > 0 ? (
        <ul className="issue-list" aria-label={`Problems in rule ${index + 1}`}>
          {mine.map((i) => (
            <li key={i.key + i.message} className="error-text small">
              {i.label}: {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
