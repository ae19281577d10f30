"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import {
  CheckField,
  FormFooter,
  FormFrame,
  useRegistryForm,
} from "@/components/registry/registry-form";
import { Field } from "@/components/ui/field";
import { chainKeys, createChain, updateChain, type ChainRecord } from "@/lib/queries/chains";
import { modelListQuery } from "@/lib/queries/models";
import { CreateChainSchema } from "@/lib/schemas/console/chains";
import { ErrorClassSchema } from "@/lib/schemas/policy";

type Step = { modelSlug: string; timeoutMs: number; maxRetries: number };

/** Add or edit a fallback chain: ordered steps, trigger error classes, overall deadline. */
export function ChainForm({ chain, onDone }: { chain: ChainRecord | null; onDone: () => void }) {
  const models = useQuery(modelListQuery());
  const [slug, setSlug] = useState(chain?.slug ?? "");
  const [name, setName] = useState(chain?.name ?? "");
  const [description, setDescription] = useState(chain?.description ?? "");
  const [triggers, setTriggers] = useState<string[]>(
    chain?.triggers ?? ["timeout", "connect", "server_error", "rate_limited"],
  );
  const [deadlineMs, setDeadlineMs] = useState(chain?.deadlineMs ?? 120_000);
  const [steps, setSteps] = useState<Step[]>(
    chain?.steps ?? [{ modelSlug: "", timeoutMs: 30_000, maxRetries: 0 }],
  );
  const form = useRegistryForm({
    schema: CreateChainSchema,
    body: { slug, name, description, triggers, deadlineMs, steps },
    save: (data) => {
      const { slug: _s, ...fields } = data;
      return chain ? updateChain(chain.id, fields) : createChain(data);
    },
    invalidates: chainKeys.all,
    onDone,
  });
  const err = form.err;
  const setStep = (i: number, patch: Partial<Step>) =>
    setSteps(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const moveStep = (i: number, d: -1 | 1) => {
    const next = [...steps];
    const [s] = next.splice(i, 1);
    if (s) next.splice(i + d, 0, s);
    setSteps(next);
  };
  return (
    <FormFrame
      label={chain ? `Edit chain ${chain.slug}` : "Add a fallback chain"}
      title={chain ? `Edit ${chain.slug}` : "Add a fallback chain"}
      onSubmit={form.onSubmit}
    >
      <div className="form-grid">
        <Field label="Slug" error={err("slug")} hint="Policies name it in a fallback action">
          <input value={slug} onChange={(e) => setSlug(e.target.value)} disabled={chain !== null} />
        </Field>
        <Field label="Name" error={err("name")}>
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Deadline for the whole chain (ms)" error={err("deadlineMs")}>
          <input
            type="number"
            value={deadlineMs}
            onChange={(e) => setDeadlineMs(e.target.valueAsNumber)}
          />
        </Field>
      </div>
      <Field label="Description" error={err("description")}>
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <fieldset className="subform">
        <legend>Move to the next step on</legend>
        <div className="chips">
          {ErrorClassSchema.options.map((c) => (
            <CheckField
              key={c}
              label={c}
              checked={triggers.includes(c)}
              onChange={(on) =>
                setTriggers(on ? [...triggers, c] : triggers.filter((t) => t !== c))
              }
            />
          ))}
        </div>
        {err("triggers") ? <small className="error-text">{err("triggers")}</small> : null}
      </fieldset>
      <fieldset className="subform steps-editor">
        <legend>Steps, tried in order</legend>
        {steps.map((s, i) => (
          <div key={i} className="step-row">
            <span className="rule-index">{i + 1}</span>
            <Field label="Model" error={err(`steps.${i}.modelSlug`)}>
              <select
                value={s.modelSlug}
                onChange={(e) => setStep(i, { modelSlug: e.target.value })}
              >
                <option value="">Choose…</option>
                {(models.data ?? []).map((x) => (
                  <option key={x.id}>{x.slug}</option>
                ))}
              </select>
            </Field>
            <Field label="Timeout (ms)" error={err(`steps.${i}.timeoutMs`)}>
              <input
                type="number"
                value={s.timeoutMs}
                onChange={(e) => setStep(i, { timeoutMs: e.target.valueAsNumber })}
              />
            </Field>
            <Field label="Retries" error={err(`steps.${i}.maxRetries`)}>
              <input
                type="number"
                min={0}
                max={5}
                value={s.maxRetries}
                onChange={(e) => setStep(i, { maxRetries: e.target.valueAsNumber })}
              />
            </Field>
            <div className="rule-actions">
              <button
                type="button"
                className="btn btn-ghost"
                onClick={() => moveStep(i, -1)}
                disabled={i === 0}
                aria-label={`Move step ${i + 1} up`}
              >
                ↑
              </button>
              <button
                type="button"
                className="btn btn-ghost"
                onClick={() => moveStep(i, 1)}
                disabled={i === steps.length - 1}
                aria-label={`Move step ${i + 1} down`}
              >
                ↓
              </button>
              <button
                type="button"
                className="btn btn-ghost"
                onClick={() => setSteps(steps.filter((_, j) => j !== i))}
                aria-label={`Remove step ${i + 1}`}
              >
                ✕
              </button>
            </div>
          </div>
        ))}
        {err("steps") ? <small className="error-text">{err("steps")}</small> : null}
        <div>
          <button
            type="button"
            className="btn"
            onClick={() =>
              setSteps([...steps, { modelSlug: "", timeoutMs: 30_000, maxRetries: 0 }])
            }
            disabled={steps.length >= 10}
          >
            + Add step
          </button>
        </div>
      </fieldset>
      <FormFooter
        problem={form.problem}
        pending={form.pending}
        submitLabel={chain ? "Save changes" : "Add chain"}
        onCancel={onDone}
      />
    </FormFrame>
  );
}
