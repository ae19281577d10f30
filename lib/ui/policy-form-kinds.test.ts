import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { examplePolicies } from "@/tests/support/router/examples";
import { ActionSchema, ConditionSchema, PolicyDocumentSchema } from "@/lib/schemas/policy";
import {
  ACTION_KINDS,
  CONDITION_KINDS,
  HEDGE_ACTION_KINDS,
  MAX_COMBINATOR_DEPTH,
  actionTemplate,
  appendBand,
  changeConditionKind,
  conditionKindsAt,
  conditionTemplate,
} from "./policy-form-kinds";
import {
  formatList,
  hedgeFromInput,
  hedgeInputState,
  numberInputText,
  parseList,
  parseNumberInput,
  withField,
  type JsonObject,
} from "./policy-form-values";

type Lazy = z.ZodLazy<z.ZodDiscriminatedUnion<z.ZodObject[]>>;
const schemaConditionKinds = (ConditionSchema as unknown as Lazy)
  .unwrap()
  .options.map((o) => (o.shape.type as z.ZodLiteral).value);
const schemaActionKinds = ActionSchema.options.map((o) => o.shape.strategy.value);

/** One fully specified, valid condition per kind (optional fields set where they exist). */
const CONDITIONS: Record<(typeof CONDITION_KINDS)[number], JsonObject> = {
  metadata: { type: "metadata", field: "task", in: ["faq", "chitchat"] },
  numeric: { type: "numeric", field: "inputTokens", op: "gte", value: 8000 },
  tag: { type: "tag", anyOf: ["beta", "vip"] },
  tenant: { type: "tenant", in: ["acme"] },
  capabilities: { type: "capabilities", requires: ["tools", "vision"] },
  keywords: { type: "keywords", anyOf: ["refund", "chargeback"], caseSensitive: true },
  regex: { type: "regex", pattern: "^order #\\d+", caseSensitive: false },
  budget: { type: "budget", state: ["soft", "hard"], fractionSpent: { op: "gte", value: 0.07 } },
  time_window: {
    type: "time_window",
    days: [1, 5],
    start: "22:00",
    end: "06:00",
    utcOffsetMinutes: 330,
  },
  all: {
    type: "all",
    conditions: [
      { type: "tag", anyOf: ["a"] },
      { type: "tenant", in: ["t"] },
    ],
  },
  any: { type: "any", conditions: [{ type: "not", condition: { type: "tag", anyOf: ["a"] } }] },
  not: { type: "not", condition: { type: "budget", state: ["ok"] } },
};

/** Every field of `obj` read the way its control reads it and written back the way it writes. */
function roundTripThroughControls(obj: JsonObject): JsonObject {
  let out = obj;
  for (const [key, v] of Object.entries(obj)) {
    let back: unknown = v;
    if (key === "hedgeAfterMs") {
      const shown = hedgeInputState(v);
      back = hedgeFromInput(shown.off, shown.text);
    } else if (typeof v === "number") back = parseNumberInput(numberInputText(v));
    else if (Array.isArray(v) && v.every((x) => typeof x === "string"))
      back = parseList(
        formatList(v, key === "refusalPatterns" ? "\n" : ","),
        key === "refusalPatterns" ? "\n" : ",",
      );
    else if (Array.isArray(v))
      back = v.map((x) =>
        typeof x === "object" && x ? roundTripThroughControls(x as JsonObject) : x,
      );
    else if (v && typeof v === "object") back = roundTripThroughControls(v as JsonObject);
    out = withField(out, key, back);
  }
  return out;
}

describe("policy form: kinds", () => {
  it("has a form for every condition and action kind of the schema", () => {
    expect([...CONDITION_KINDS].sort()).toEqual([...schemaConditionKinds].sort());
    expect([...ACTION_KINDS].sort()).toEqual([...schemaActionKinds].sort());
  });

  it.each(CONDITION_KINDS)("condition %s: a valid example survives the form's controls", (kind) => {
    const c = CONDITIONS[kind];
    expect(ConditionSchema.safeParse(c).success).toBe(true);
    expect(roundTripThroughControls(c)).toEqual(c);
    expect(changeConditionKind(c, kind)).toBe(c);
    expect(conditionTemplate(kind).type).toBe(kind);
  });

  it.each(ACTION_KINDS)("action %s: template is valid and survives the form's controls", (kind) => {
    const a = actionTemplate(kind, "gpt-4o-mini");
    const needsInput = kind === "fallback"; // the operator picks a chain
    expect(ActionSchema.safeParse(a).success).toBe(!needsInput);
    expect(roundTripThroughControls(a)).toEqual(a);
  });

  it.each(HEDGE_ACTION_KINDS)("action %s: a hedge delay or off survives the controls", (kind) => {
    for (const hedgeAfterMs of [800, null, 10, 600_000]) {
      const a = { ...actionTemplate(kind, "gpt-4o-mini"), hedgeAfterMs };
      if (kind !== "fallback") expect(ActionSchema.safeParse(a).success).toBe(true);
      expect(roundTripThroughControls(a)).toEqual(a);
    }
  });

  it("only cascade and reject have no hedge control, matching the schema", () => {
    for (const kind of ACTION_KINDS) {
      const a = { ...actionTemplate(kind, "m"), chain: "c", hedgeAfterMs: 500 };
      const valid = ActionSchema.safeParse(
        kind === "fallback" ? a : withField(a, "chain", undefined),
      );
      expect(valid.success).toBe(HEDGE_ACTION_KINDS.includes(kind));
    }
  });

  it("a policy with hedge settings survives the form's controls unchanged", () => {
    const doc: JsonObject = {
      schemaVersion: 1,
      settings: { hedgeAfterMs: null, deadlineMs: 60_000 },
      rules: [
        {
          id: "faq",
          when: { type: "tag", anyOf: ["faq"] },
          then: { strategy: "single", model: "m", hedgeAfterMs: 1500 },
        },
      ],
      default: { strategy: "cheapest", hedgeAfterMs: null },
    };
    expect(PolicyDocumentSchema.safeParse(doc).success).toBe(true);
    expect(roundTripThroughControls(doc)).toEqual(doc);
  });

  it("every example policy survives the form's controls unchanged", () => {
    for (const policy of Object.values(examplePolicies)) {
      const doc = JSON.parse(JSON.stringify(policy)) as JsonObject;
      expect(PolicyDocumentSchema.safeParse(doc).success).toBe(true);
      expect(roundTripThroughControls(doc)).toEqual(doc);
    }
  });
});

describe("policy form: combinators", () => {
  it("wraps the current condition when switching to all / any / not", () => {
    const leaf = CONDITIONS.tag;
    expect(changeConditionKind(leaf, "any")).toEqual({ type: "any", conditions: [leaf] });
    expect(changeConditionKind(leaf, "not")).toEqual({ type: "not", condition: leaf });
    expect(changeConditionKind(CONDITIONS.all, "any")).toEqual({ ...CONDITIONS.all, type: "any" });
    expect(changeConditionKind(CONDITIONS.not, "all")).toEqual(conditionTemplate("all"));
    expect(changeConditionKind(CONDITIONS.any, "tag")).toEqual(conditionTemplate("tag"));
  });

  it("stops offering combinators at the depth limit", () => {
    expect(conditionKindsAt(0)).toContain("any");
    expect(conditionKindsAt(MAX_COMBINATOR_DEPTH - 1)).toContain("not");
    const deep = conditionKindsAt(MAX_COMBINATOR_DEPTH);
    expect(deep).not.toContain("all");
    expect(deep).not.toContain("any");
    expect(deep).not.toContain("not");
    expect(deep).toContain("budget");
  });
});

describe("policy form: rows", () => {
  it("appending a band keeps bands valid: increasing, last at 1, next tier", () => {
    const base = actionTemplate("score_band", "") as { strategy: string; bands: JsonObject[] };
    const bands = appendBand(base.bands);
    expect(bands).toEqual([
      { upTo: 0.5, tier: "small" },
      { upTo: 0.75, tier: "large" },
      { upTo: 1, tier: "frontier" },
    ]);
    expect(ActionSchema.safeParse({ ...base, bands: appendBand(bands) }).success).toBe(true);
    expect(appendBand([])).toEqual([{ upTo: 1, tier: "small" }]);
  });
});
