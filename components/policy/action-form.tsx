"use client";

import { Field } from "@/components/ui/field";
import { ModelTierSchema } from "@/lib/schemas/policy";
import { issueAt, splitList, type DraftIssue } from "./policy-issues";
import { RawJsonInput } from "./raw-json-input";

type Act = Record<string, unknown> & { strategy?: unknown };

const TEMPLATES: Record<string, (model: string) => Act> = {
  single: (m) => ({ strategy: "single", model: m }),
  fallback: () => ({ strategy: "fallback", chain: "" }),
  cheapest: () => ({ strategy: "cheapest", minTier: "small" }),
  reject: () => ({ strategy: "reject", message: "This route does not serve these requests." }),
  cascade: (m) => ({
    strategy: "cascade",
    stages: [
      { model: m, gates: { nonEmpty: true } },
      { model: m, gates: {} },
    ],
  }),
  weighted: (m) => ({
    strategy: "weighted",
    variants: [
      { model: m, weight: 90 },
      { model: m, weight: 10 },
    ],
  }),
  score_band: () => ({
    strategy: "score_band",
    bands: [
      { upTo: 0.5, tier: "small" },
      { upTo: 1, tier: "large" },
    ],
  }),
  latency_sla: () => ({ strategy: "latency_sla", p95Ms: 2000 }),
};
const LABELS: Record<string, string> = {
  single: "Single model",
  fallback: "Fallback chain",
  cheapest: "Cheapest capable model",
  reject: "Reject",
  cascade: "Cascade (JSON)",
  weighted: "Weighted split (JSON)",
  score_band: "Score band (JSON)",
  latency_sla: "Latency SLA (JSON)",
};

interface Props {
  value: Act;
  onChange: (next: Act) => void;
  issues: readonly DraftIssue[];
  at: string;
  models: readonly string[];
  chains: readonly string[];
  legend: string;
  disabled?: boolean;
}

/** Form for an action (routing strategy); multi-stage strategies are edited as JSON. */
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
  const set = (k: string, v: unknown) => onChange({ ...value, [k]: v });
  const modelOptions = (current: unknown) => {
    const all =
      typeof current === "string" && current && !models.includes(current)
        ? [current, ...models]
        : models;
    return all.map((m) => <option key={m}>{m}</option>);
  };
  return (
    <fieldset className="subform" disabled={disabled}>
      <legend>{legend}</legend>
      <div className="form-grid">
        <Field label="Strategy" error={issueAt(issues, at)}>
          <select
            value={strategy}
            onChange={(e) =>
              onChange((TEMPLATES[e.target.value] ?? TEMPLATES.single!)(models[0] ?? ""))
            }
          >
            {Object.keys(TEMPLATES).map((s) => (
              <option key={s} value={s}>
                {LABELS[s]}
              </option>
            ))}
          </select>
        </Field>
        {strategy === "single" ? (
          <>
            <Field label="Model" error={err("model")}>
              <select
                value={String(value.model ?? "")}
                onChange={(e) => set("model", e.target.value)}
              >
                <option value="">Choose…</option>
                {modelOptions(value.model)}
              </select>
            </Field>
            <Field
              label="Fallback models"
              error={err("fallbacks")}
              hint="Comma-separated, tried in order"
            >
              <input
                value={Array.isArray(value.fallbacks) ? value.fallbacks.join(", ") : ""}
                onChange={(e) => {
                  const list = splitList(e.target.value);
                  const { fallbacks: _f, ...rest } = value;
                  onChange(list.length ? { ...rest, fallbacks: list } : rest);
                }}
              />
            </Field>
          </>
        ) : strategy === "fallback" && "chain" in value ? (
          <Field label="Chain" error={err("chain")}>
            <select
              value={String(value.chain ?? "")}
              onChange={(e) => set("chain", e.target.value)}
            >
              <option value="">Choose…</option>
              {chains.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </Field>
        ) : strategy === "cheapest" ? (
          <Field label="Minimum tier" error={err("minTier")}>
            <select
              value={String(value.minTier ?? "small")}
              onChange={(e) => set("minTier", e.target.value)}
            >
              {ModelTierSchema.options.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </Field>
        ) : strategy === "reject" ? (
          <Field label="Message to the client" error={err("message")}>
            <input
              value={String(value.message ?? "")}
              onChange={(e) => set("message", e.target.value)}
            />
          </Field>
        ) : null}
      </div>
      {["cascade", "weighted", "score_band", "latency_sla"].includes(strategy) ||
      (strategy === "fallback" && !("chain" in value)) ? (
        <>
          <RawJsonInput
            key={strategy}
            label="Action JSON"
            value={value}
            onChange={(v) => onChange(v as Act)}
            rows={8}
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
