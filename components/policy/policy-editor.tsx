"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { asObject, withSetting } from "@/lib/ui/policy-form-values";
import { chainListQuery } from "@/lib/queries/chains";
import { modelListQuery } from "@/lib/queries/models";
import type { RouteDetail } from "@/lib/queries/routes";
import { ActionForm } from "./action-form";
import { DryRunPanel } from "./dry-run-panel";
import { HedgeField } from "./hedge-field";
import { issueAt, setIn, validateDraft, type Json } from "./policy-issues";
import { PublishBar } from "./publish-bar";
import { RawJsonInput } from "./raw-json-input";
import { RuleCard, type RuleDraft } from "./rule-card";

function rulesOf(doc: Json): RuleDraft[] {
  const rules = (doc as { rules?: unknown } | null)?.rules;
  return Array.isArray(rules) ? (rules as RuleDraft[]) : [];
}

function nextRuleId(rules: RuleDraft[]): string {
  const ids = new Set(rules.map((r) => r.id));
  let n = rules.length + 1;
  while (ids.has(`rule-${n}`)) n++;
  return `rule-${n}`;
}

/**
 * The policy editor: ordered rules as forms or the whole document as JSON, validated with the
 * policy schema on every keystroke; dry run and publish work on the draft. Keyed by the active
 * version by its parent, so a publish or revert starts a fresh draft.
 */
export function PolicyEditor({ route, canEdit }: { route: RouteDetail; canEdit: boolean }) {
  const [draft, setDraft] = useState<Json>(
    () =>
      route.document ?? {
        schemaVersion: 1,
        rules: [],
        default: { strategy: "reject", message: "No policy" },
      },
  );
  const [view, setView] = useState<"form" | "json">("form");
  const [jsonKey, setJsonKey] = useState(0);
  const issues = useMemo(() => validateDraft(draft), [draft]);
  const models = useQuery(modelListQuery());
  const chains = useQuery(chainListQuery());
  const modelSlugs = (models.data ?? []).map((m) => m.slug);
  const chainSlugs = (chains.data ?? []).map((c) => c.slug);
  const rules = rulesOf(draft);
  const dirty = JSON.stringify(draft) !== JSON.stringify(route.document);
  const readOnly = !canEdit;

  const updateRules = (next: RuleDraft[]) => setDraft((d: Json) => setIn(d, ["rules"], next));
  const move = (i: number, delta: -1 | 1) => {
    const next = [...rules];
    const [r] = next.splice(i, 1);
    if (r) next.splice(i + delta, 0, r);
    updateRules(next);
  };
  const addRule = () =>
    updateRules([
      ...rules,
      {
        id: nextRuleId(rules),
        when: { type: "metadata", field: "task", equals: "" },
        then: { strategy: "single", model: modelSlugs[0] ?? "" },
      },
    ]);

  return (
    <div className="policy-editor">
      <div className="tabs" role="tablist" aria-label="Editor view">
        {(["form", "json"] as const).map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={view === v}
            className={`tab${view === v ? " tab-active" : ""}`}
            onClick={() => {
              setView(v);
              setJsonKey((k) => k + 1);
            }}
          >
            {v === "form" ? "Rules" : "JSON"}
          </button>
        ))}
        <span
          className={`validity ${issues.length ? "error-text" : "ok-text"}`}
          role="status"
          aria-live="polite"
        >
          {issues.length
            ? `${issues.length} problem${issues.length > 1 ? "s" : ""}`
            : "Valid policy"}
          {dirty ? " · unsaved changes" : ""}
        </span>
      </div>
      {view === "form" ? (
        <>
          {rules.length === 0 ? (
            <p className="muted">No rules: every request takes the default action.</p>
          ) : null}
          <ol className="rule-list">
            {rules.map((rule, i) => (
              <RuleCard
                key={i}
                rule={rule}
                index={i}
                count={rules.length}
                issues={issues}
                models={modelSlugs}
                chains={chainSlugs}
                readOnly={readOnly}
                onChange={(r) => updateRules(rules.map((x, j) => (j === i ? r : x)))}
                onMove={(d) => move(i, d)}
                onRemove={() => updateRules(rules.filter((_, j) => j !== i))}
              />
            ))}
          </ol>
          {canEdit ? (
            <button type="button" className="btn" onClick={addRule}>
              + Add rule
            </button>
          ) : null}
          <div className="card default-action">
            <ActionForm
              legend="Otherwise (default action)"
              value={(draft as { default?: Record<string, unknown> }).default ?? {}}
              onChange={(a) => setDraft((d: Json) => setIn(d, ["default"], a))}
              issues={issues}
              at="default"
              models={modelSlugs}
              chains={chainSlugs}
              disabled={readOnly}
            />
          </div>
          <fieldset className="card subform" disabled={readOnly}>
            <legend>Policy settings</legend>
            <p className="muted small">
              Other settings keep their defaults unless set in the JSON view.
            </p>
            <div className="form-grid">
              <HedgeField
                value={asObject(asObject(draft).settings).hedgeAfterMs}
                error={issueAt(issues, "settings.hedgeAfterMs")}
                inherits="the gateway's default"
                onChange={(v) => setDraft((d: Json) => withSetting(asObject(d), "hedgeAfterMs", v))}
              />
            </div>
          </fieldset>
        </>
      ) : (
        <div className="card">
          <RawJsonInput
            key={jsonKey}
            label="Policy document"
            value={draft}
            onChange={setDraft}
            rows={24}
            disabled={readOnly}
          />
          {issues.length ? (
            <ul className="issue-list">
              {issues.map((i) => (
                <li key={i.key + i.message} className="error-text small">
                  <code>{i.label}</code>: {i.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
      {canEdit ? (
        <>
          <DryRunPanel slug={route.slug} draft={draft} valid={issues.length === 0} />
          <PublishBar
            slug={route.slug}
            draft={draft}
            valid={issues.length === 0}
            dirty={dirty}
            baseVersionId={route.activeVersion?.id ?? null}
          />
        </>
      ) : (
        <p className="muted">You have the viewer role: policies are read-only.</p>
      )}
    </div>
  );
}
