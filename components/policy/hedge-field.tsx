"use client";

import { Field } from "@/components/ui/field";
import { hedgeFromInput, hedgeInputState } from "@/lib/ui/policy-form-values";
import { HEDGE_AFTER_MS_MAX, HEDGE_AFTER_MS_MIN } from "@/lib/schemas/policy";

/**
 * The hedge delay (`hedgeAfterMs`): a number of ms, empty to inherit, or "Never hedge" for null.
 * Two cells of the surrounding form grid: the number field and the checkbox.
 */
export function HedgeField({
  value,
  error,
  inherits,
  onChange,
}: {
  value: unknown;
  error?: string;
  /** What an empty input falls back to, for the hint. */
  inherits: string;
  onChange: (next: number | null | undefined) => void;
}) {
  const { off, text } = hedgeInputState(value);
  return (
    <>
      <Field
        label="Hedge after (ms)"
        error={error}
        hint={off ? "Hedging is off" : `Empty: ${inherits}`}
      >
        <input
          type="number"
          inputMode="numeric"
          min={HEDGE_AFTER_MS_MIN}
          max={HEDGE_AFTER_MS_MAX}
          step={1}
          disabled={off}
          value={text}
          onChange={(e) => onChange(hedgeFromInput(false, e.target.value))}
        />
      </Field>
      <label className="check" style={{ alignSelf: "center" }}>
        <input
          type="checkbox"
          checked={off}
          onChange={(e) => onChange(hedgeFromInput(e.target.checked, ""))}
        />
        Never hedge
      </label>
    </>
  );
}
