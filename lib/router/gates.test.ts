import { describe, expect, it } from "vitest";
import type { GateSpec } from "./gate-types";
import { checkGatesPassed, evaluateGates } from "./gates";
import { validateJsonSchema } from "./json-schema";

const none: GateSpec = { schema: null };

describe("evaluateGates", () => {
  it.each([
    ["non-empty fails on whitespace", { nonEmpty: true }, "  ", false],
    ["non-empty passes", { nonEmpty: true }, "ok", true],
    ["min length", { minLength: 5 }, "abc", false],
    ["max length", { maxLength: 5 }, "abcdef", false],
    ["refusal", { refusalPatterns: ["^i('| a)m sorry"] }, "I'm sorry, I can't", false],
    ["no refusal", { refusalPatterns: ["^i('| a)m sorry"] }, "Here you go", true],
    ["json", { json: true }, '{"a":1}', true],
    ["json in a fence", { json: true }, '```json\n{"a":1}\n```', true],
    ["not json", { json: true }, "{a:1}", false],
    ["required fields", { requiredFields: ["a.b", "c"] }, '{"a":{"b":1},"c":"x"}', true],
    ["required field missing", { requiredFields: ["a.b"] }, '{"a":{}}', false],
  ])("%s", (_name, spec, text, passed) => {
    const results = evaluateGates({ ...none, ...spec }, { text });
    expect(checkGatesPassed(results)).toBe(passed);
    expect(results).toHaveLength(1);
  });

  it("validates against the requested schema, and skips when none was requested", () => {
    const schema = { type: "object", properties: { n: { type: "integer" } }, required: ["n"] };
    expect(evaluateGates({ jsonSchema: true, schema }, { text: '{"n":2}' })).toEqual([
      { gate: "json_schema", passed: true },
    ]);
    const failed = evaluateGates({ jsonSchema: true, schema }, { text: '{"n":"2"}' });
    expect(failed[0]).toMatchObject({ passed: false, detail: '$.n: expected "integer"' });
    expect(evaluateGates({ jsonSchema: true, schema: null }, { text: "x" })[0]).toMatchObject({
      passed: true,
      skipped: true,
    });
  });

  it("gates on mean logprob when the provider returned logprobs", () => {
    const spec = { ...none, minMeanLogprob: -0.5 };
    expect(evaluateGates(spec, { text: "x", meanLogprob: -0.2 })[0]?.passed).toBe(true);
    expect(evaluateGates(spec, { text: "x", meanLogprob: -0.9 })[0]?.passed).toBe(false);
    expect(evaluateGates(spec, { text: "x" })[0]).toMatchObject({ passed: true, skipped: true });
  });

  it("records the measured value and the threshold it was held to", () => {
    const spec: GateSpec = { minLength: 5, maxLength: 9, minMeanLogprob: -0.5, schema: null };
    expect(evaluateGates(spec, { text: " abc ", meanLogprob: -0.25 })).toEqual([
      { gate: "min_length", passed: false, detail: "3", threshold: "≥ 5" },
      { gate: "max_length", passed: true, detail: "3", threshold: "≤ 9" },
      { gate: "mean_logprob", passed: true, detail: "-0.250", threshold: "≥ -0.5" },
    ]);
  });

  it("reports every configured gate in a fixed order", () => {
    const spec: GateSpec = {
      nonEmpty: true,
      minLength: 1,
      json: true,
      requiredFields: ["a"],
      schema: null,
    };
    expect(evaluateGates(spec, { text: '{"a":1}' }).map((r) => r.gate)).toEqual([
      "non_empty",
      "min_length",
      "json",
      "required_fields",
    ]);
  });
});

describe("validateJsonSchema", () => {
  const schema = {
    type: "object",
    additionalProperties: false,
    required: ["kind", "items"],
    properties: {
      kind: { enum: ["a", "b"] },
      items: {
        type: "array",
        items: { type: "object", properties: { q: { type: ["number", "null"] } } },
      },
      meta: { type: "object", additionalProperties: { type: "string" } },
    },
  };

  it.each([
    [{ kind: "a", items: [{ q: 1 }, { q: null }] }, []],
    [{ kind: "c", items: [] }, ["$.kind: not one of the enum values"]],
    [{ kind: "a" }, ["$.items: required"]],
    [{ kind: "a", items: [{ q: "x" }] }, ['$.items[0].q: expected ["number","null"]']],
    [{ kind: "a", items: [], extra: 1 }, ["$.extra: additional property"]],
    [{ kind: "a", items: [], meta: { k: 1 } }, ['$.meta.k: expected "string"']],
    [[], ['$: expected "object"']],
  ])("%j", (value, errors) => {
    expect(validateJsonSchema(schema, value)).toEqual(errors);
  });
});
