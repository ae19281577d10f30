"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useLeaveGuard } from "@/components/ui/use-leave-guard";
import { asObject, withSetting } from "@/lib/ui/policy-form-values";
import { chainListQuery } from "@/lib/queries/chains";
import { modelListQuery } from "@/lib/queries/models";
import { scorerListQuery } from "@/lib/queries/scorers";
import type { RouteDetail } from "@/lib/queries/routes";
import type { JsonSyntaxError } from "@/lib/ui/json-position";
import { ActionForm } from "./action-form";
import { DryRunPanel } from "./dry-run-panel";
import { HedgeField } from "./hedge-field";
import { checkDraft, issueAt, setIn, type DraftIssue, type Json } from "./policy-issues";
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
 * policy schema and against the registry on every keystroke; dry run and publish work on the
 * draft, and are disabled while the JSON text does not parse (the draft would be stale). Keyed by
 * the active version by its parent, so a publish or revert starts a fresh draft. Leaving with
 * unsaved changes asks first.
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
  const [jsonError, setJsonError] = useState<JsonSyntaxError | null>(null);
  const models = useQuery(modelListQuery());
  const chains = useQuery(chainListQuery());
  const scorers = useQuery(scorerListQuery(route.slug));
  // The route's side of the check (learned scorer versions, content inspection), as on publish.
  const registry = useMemo(
    () =>
      models.data && chains.data && scorers.data
        ? {
            models: models.data,
            chains: chains.data,
            route: {
              scorerVersions: scorers.data.versions.map((v) => v.version),
              contentInspection: route.contentInspection,
            },
          }
        : null,
    [models.data, chains.data, scorers.data, route.contentInspection],
  );
  const { issues, warnings, pending } = useMemo(
    () => checkDraft(draft, registry),
    [draft, registry],
  );
  // Without the registry the server's check on publish still holds; do not block on a failed read.
  const unchecked = pending && !models.isError && !chains.isError && !scorers.isError;
  const valid = jsonError === null && issues.length === 0 && !unchecked;
  const modelSlugs = (models.data ?? []).map((m) => m.slug);
  const chainSlugs = (chains.data ?? []).map((c) => c.slug);
  const rules = rulesOf(draft);
  const dirty = jsonError !== null || JSON.stringify(draft) !== JSON.stringify(route.document);
  const readOnly = !canEdit;
  useLeaveGuard(canEdit && dirty);

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
            // The form cannot show text that does not parse: fix it (or undo) first.
            disabled={v === "form" && jsonError !== null}
            title={v === "form" && jsonError !== null ? "Fix the JSON first" : undefined}
            onClick={() => {
              if (v === view) return;
              setView(v);
              setJsonKey((k) => k + 1);
            }}
          >
            {v === "form" ? "Rules" : "JSON"}
          </button>
        ))}
        <span
          className={`validity ${jsonError || issues.length ? "error-text" : "ok-text"}`}
          role="status"
          aria-live="polite"
        >
          {jsonError
            ? `JSON does not parse (line ${jsonError.line}, column ${jsonError.column})`
            : issues.length
              ? `${issues.length} problem${issues.length > 1 ? "s" : ""}`
              : unchecked
                ? "Checking models and chains…"
                : "Valid policy"}
          {dirty ? " · unsaved changes" : ""}
        </span>
      </div>
      <IssueList label="Policy warnings" items={warnings} className="warn-text small" />
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
            onSyntaxError={setJsonError}
            rows={24}
            disabled={readOnly}
          />
          {jsonError ? null : (
            <IssueList label="Policy problems" items={issues} className="error-text small" />
          )}
        </div>
      )}
      {canEdit ? (
        <>
          <DryRunPanel slug={route.slug} draft={draft} valid={valid} />
          <PublishBar
            slug={route.slug}
            draft={draft}
            valid={valid}
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

function IssueList(props: { label: string; items: readonly DraftIssue[]; className: string }) {
  if (props.items.length === 0) return null;
  return (
    <ul className="issue-list" aria-label={props.label}>
      {props.items.map((i) => (
        <li key={i.key + i.message} className={props.className}>
          <code>{i.label}</code>: {i.message}
        </li>
      ))}
    </ul>
  );
}
