"use client";

import {
  ACTION_KINDS,
  ACTION_LABELS,
  HEDGE_ACTION_KINDS,
  actionTemplate,
  type ActionKind,
} from "@/lib/ui/policy-form-kinds";
import { withField, type JsonObject } from "@/lib/ui/policy-form-values";
import { CapabilitySchema, ModelTierSchema } from "@/lib/schemas/policy";
import {
  AttemptFields,
  BandRows,
  CascadeStageRows,
  FallbackStepRows,
  VariantRows,
  type RowsProps,
} from "./action-rows";
import {
  CheckGroup,
  EnumSelect,
  ListInput,
  ModelSelect,
  NumberField,
  TextField,
  issueUnder,
} from "./form-parts";
import { HedgeField } from "./hedge-field";
import { issueAt, type DraftIssue } from "./policy-issues";

interface Props {
  value: JsonObject;
  onChange: (next: JsonObject) => void;
  issues: readonly DraftIssue[];
  at: string;
  models: readonly string[];
  chains: readonly string[];
  legend: string;
  disabled?: boolean;
}

/** Form for an action (routing strategy): every strategy has controls. */
export function ActionForm({
  value,
  onChange,
  issues,
  at,
  models,
  chains,
  legend,
  disabled,
}: Props) {
  const strategy = typeof value.strategy === "string" ? value.strategy : "single";
  const err = (k: string) => issueAt(issues, `${at}.${k}`);
  const set = (k: string, v: unknown) => onChange(withField(value, k, v));
  const rows: RowsProps = { value, onChange, issues, at, models, disabled };
  const inlineSteps = strategy === "fallback" && !("chain" in value);
  return (
    <fieldset className="subform" disabled={disabled}>
      <legend>{legend}</legend>
      <div className="form-grid">
        <EnumSelect
          label="Strategy"
          value={strategy}
          options={ACTION_KINDS.map((k) => ({ value: k, label: ACTION_LABELS[k] }))}
          error={issueAt(issues, at)}
          onChange={(k) => onChange(actionTemplate((k ?? "single") as ActionKind, models[0] ?? ""))}
        />
        {strategy === "single" ? (
          <ModelSelect
            value={value.model}
            models={models}
            error={err("model")}
            onChange={(m) => set("model", m)}
          />
        ) : strategy === "fallback" ? (
          <>
            <EnumSelect
              label="Steps from"
              value={inlineSteps ? "steps" : "chain"}
              options={[
                { value: "chain", label: "a saved chain" },
                { value: "steps", label: "steps listed here" },
              ]}
              onChange={(v) =>
                onChange(
                  v === "steps"
                    ? { strategy: "fallback", steps: [{ model: models[0] ?? "" }] }
                    : actionTemplate("fallback", ""),
                )
              }
            />
            {inlineSteps ? (
              <NumberField
                label="Deadline"
                unit="ms"
                value={value.deadlineMs}
                min={100}
                error={err("deadlineMs")}
                hint="Empty: the policy's default"
                onChange={(v) => set("deadlineMs", v)}
              />
            ) : (
              <EnumSelect
                label="Chain"
                value={value.chain}
                options={chains}
                empty="Choose…"
                error={err("chain")}
                onChange={(v) => set("chain", v ?? "")}
              />
            )}
          </>
        ) : strategy === "cheapest" || strategy === "latency_sla" ? (
          <>
            {strategy === "latency_sla" ? (
              <NumberField
                label="p95 latency at most"
                unit="ms"
                min={1}
                step={1}
                value={value.p95Ms}
                error={err("p95Ms")}
                onChange={(v) => set("p95Ms", v)}
              />
            ) : null}
            <EnumSelect
              label="Minimum tier"
              value={value.minTier}
              options={ModelTierSchema.options}
              empty="(any tier)"
              error={err("minTier")}
              onChange={(v) => set("minTier", v)}
            />
          </>
        ) : strategy === "reject" ? (
          <TextField
            label="Message to the client"
            value={value.message}
            error={err("message")}
            onChange={(v) => set("message", v)}
          />
        ) : null}
      </div>
      {strategy === "single" ? (
        <>
          <div className="form-grid">
            <AttemptFields {...rows} />
          </div>
          <ListInput
            label="Fallback models"
            value={value.fallbacks}
            optional
            error={issueUnder(issues, `${at}.fallbacks`)}
            hint="Comma-separated, tried in order"
            onChange={(v) => set("fallbacks", v)}
          />
        </>
      ) : inlineSteps ? (
        <FallbackStepRows {...rows} />
      ) : strategy === "cascade" ? (
        <CascadeStageRows {...rows} />
      ) : strategy === "weighted" ? (
        <VariantRows {...rows} />
      ) : strategy === "score_band" ? (
        <>
          <BandRows {...rows} />
          <div className="form-grid">
            <NumberField
              label="Learned scorer version"
              value={scorerVersion(value.scorer)}
              min={1}
              step={1}
              error={err("scorer.version") ?? err("scorer")}
              hint="Blank: the built-in heuristic. Versions are listed under Scorers."
              onChange={(v) =>
                set("scorer", v === undefined ? undefined : { kind: "learned", version: v })
              }
            />
          </div>
        </>
      ) : null}
      {["cheapest", "latency_sla", "score_band"].includes(strategy) ? (
        <CheckGroup
          legend="Models must have"
          options={CapabilitySchema.options}
          value={value.capabilities}
          optional
          error={issueUnder(issues, `${at}.capabilities`)}
          onChange={(v) => set("capabilities", v)}
        />
      ) : null}
      {HEDGE_ACTION_KINDS.includes(strategy as ActionKind) ? (
        <div className="form-grid">
          <HedgeField
            value={value.hedgeAfterMs}
            error={err("hedgeAfterMs")}
            inherits="the policy settings' delay"
            onChange={(v) => set("hedgeAfterMs", v)}
          />
        </div>
      ) : null}
    </fieldset>
  );
}

/** The version of a score band's `scorer: {kind: "learned", version}`, if set. */
function scorerVersion(scorer: unknown): number | undefined {
  if (typeof scorer !== "object" || scorer === null || !("version" in scorer)) return undefined;
  return typeof scorer.version === "number" ? scorer.version : undefined;
}
