"use client";

import { appendBand, newCascadeStage, newVariant } from "@/lib/ui/policy-form-kinds";
import {
  asObject,
  objectsOf,
  weightShares,
  withField,
  type JsonObject,
} from "@/lib/ui/policy-form-values";
import { ErrorClassSchema, ModelTierSchema } from "@/lib/schemas/policy";
import { CheckGroup, EnumSelect, ModelSelect, NumberField, issueUnder } from "./form-parts";
import { GateFields } from "./gate-fields";
import { issueAt, type DraftIssue } from "./policy-issues";
import { RowsEditor } from "./rows-editor";

/** What the multi-row strategies get from the action form. */
export interface RowsProps {
  value: JsonObject;
  onChange: (next: JsonObject) => void;
  issues: readonly DraftIssue[];
  at: string;
  models: readonly string[];
  disabled?: boolean;
}

/** Per-attempt timeout and retries (single model, fallback steps, cascade stages). */
export function AttemptFields({
  value,
  onChange,
  issues,
  at,
}: Pick<RowsProps, "value" | "onChange" | "issues" | "at">) {
  return (
    <>
      <NumberField
        label="Timeout"
        unit="ms"
        min={100}
        max={600_000}
        step={1}
        value={value.timeoutMs}
        hint="Empty: the policy's default"
        error={issueAt(issues, `${at}.timeoutMs`)}
        onChange={(v) => onChange(withField(value, "timeoutMs", v))}
      />
      <NumberField
        label="Retries"
        min={0}
        max={5}
        step={1}
        value={value.maxRetries}
        error={issueAt(issues, `${at}.maxRetries`)}
        onChange={(v) => onChange(withField(value, "maxRetries", v))}
      />
    </>
  );
}

/** A model with its attempt settings: one cascade stage or fallback step. */
function ModelAttempt(props: Omit<RowsProps, "disabled">) {
  const { value, onChange, issues, at, models } = props;
  return (
    <div className="form-grid">
      <ModelSelect
        value={value.model}
        models={models}
        error={issueAt(issues, `${at}.model`)}
        onChange={(m) => onChange(withField(value, "model", m))}
      />
      <AttemptFields value={value} onChange={onChange} issues={issues} at={at} />
    </div>
  );
}

/** Cascade: 2–5 stages, each a model with its gates. */
export function CascadeStageRows({ models, issues, ...rest }: RowsProps) {
  return (
    <RowsEditor
      {...rest}
      issues={issues}
      legend="Stages, cheapest first"
      noun="Stage"
      field="stages"
      min={2}
      max={5}
      add={(stages) => [...stages, newCascadeStage(models[0] ?? "")]}
      renderRow={(stage, update, at) => (
        <>
          <ModelAttempt value={stage} onChange={update} issues={issues} at={at} models={models} />
          <GateFields
            value={asObject(stage.gates)}
            onChange={(g) => update(withField(stage, "gates", g))}
            issues={issues}
            at={`${at}.gates`}
          />
        </>
      )}
    />
  );
}

/** Fallback with its steps in the policy: ordered steps, move-on triggers. */
export function FallbackStepRows({ models, issues, ...rest }: RowsProps) {
  const { value, onChange, at } = rest;
  return (
    <>
      <RowsEditor
        {...rest}
        issues={issues}
        legend="Steps, tried in order"
        noun="Step"
        field="steps"
        min={1}
        max={10}
        add={(steps) => [...steps, { model: models[0] ?? "" }]}
        renderRow={(step, update, stepAt) => (
          <ModelAttempt
            value={step}
            onChange={update}
            issues={issues}
            at={stepAt}
            models={models}
          />
        )}
      />
      <CheckGroup
        legend="Move to the next step on"
        options={ErrorClassSchema.options}
        value={value.triggers}
        optional
        hint="None checked: the policy's default error classes."
        error={issueUnder(issues, `${at}.triggers`)}
        onChange={(v) => onChange(withField(value, "triggers", v))}
      />
    </>
  );
}

/** Weighted split: variants with weights (sticky per end user), shares shown as percent. */
export function VariantRows({ models, issues, ...rest }: RowsProps) {
  const shares = weightShares(objectsOf(rest.value.variants));
  return (
    <RowsEditor
      {...rest}
      issues={issues}
      legend="Variants (sticky per end user)"
      noun="Variant"
      field="variants"
      min={1}
      max={20}
      add={(variants) => [...variants, newVariant(models[0] ?? "")]}
      renderRow={(variant, update, at, i) => {
        const share = shares[i];
        return (
          <div className="form-grid">
            <ModelSelect
              value={variant.model}
              models={models}
              error={issueAt(issues, `${at}.model`)}
              onChange={(m) => update(withField(variant, "model", m))}
            />
            <NumberField
              label="Weight"
              min={0}
              value={variant.weight}
              hint={share == null ? undefined : `≈ ${share}% of traffic`}
              error={issueAt(issues, `${at}.weight`)}
              onChange={(w) => update(withField(variant, "weight", w))}
            />
          </div>
        );
      }}
    />
  );
}

/** Score band: increasing difficulty bounds (the last is 1), each picking a tier. */
export function BandRows({ models: _models, issues, ...rest }: RowsProps) {
  return (
    <RowsEditor
      {...rest}
      issues={issues}
      legend="Bands by difficulty score (0 easy … 1 hard)"
      noun="Band"
      field="bands"
      min={1}
      add={appendBand}
      renderRow={(band, update, at) => (
        <div className="form-grid">
          <NumberField
            label="Score up to"
            unit="0–1"
            min={0}
            max={1}
            step={0.05}
            value={band.upTo}
            error={issueAt(issues, `${at}.upTo`)}
            onChange={(v) => update(withField(band, "upTo", v))}
          />
          <EnumSelect
            label="Tier"
            value={band.tier}
            options={ModelTierSchema.options}
            error={issueAt(issues, `${at}.tier`)}
            onChange={(t) => update(withField(band, "tier", t))}
          />
        </div>
      )}
    />
  );
}
