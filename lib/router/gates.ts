/** Cascade quality gates, evaluated by the gateway on each stage's answer. Pure. */
import type { GateResult, GateSpec, StageAnswer } from "./gate-types";
import { validateJsonSchema } from "./json-schema";

/** Longest answer prefix refusal patterns are run against. */
export const MAX_GATE_SCAN_CHARS = 20_000;

// Refusal patterns are compiled once per policy document: the array identity is stable.
const compiledPatterns = new WeakMap<readonly string[], RegExp[]>();

function compilePatterns(patterns: readonly string[]): RegExp[] {
  let compiled = compiledPatterns.get(patterns);
  if (!compiled) {
    compiled = patterns.map((pattern) => new RegExp(pattern, "i"));
    compiledPatterns.set(patterns, compiled);
  }
  return compiled;
}

/** Evaluates every configured gate on an answer, in a fixed order. */
export function evaluateGates(gates: GateSpec, answer: StageAnswer): GateResult[] {
  const results: GateResult[] = [];
  const text = answer.text;
  const trimmed = text.trim();
  if (gates.nonEmpty) results.push({ gate: "non_empty", passed: trimmed.length > 0 });
  if (gates.minLength !== undefined) {
    results.push({
      gate: "min_length",
      passed: trimmed.length >= gates.minLength,
      detail: `${trimmed.length}`,
      threshold: `≥ ${gates.minLength}`,
    });
  }
  if (gates.maxLength !== undefined) {
    results.push({
      gate: "max_length",
      passed: trimmed.length <= gates.maxLength,
      detail: `${trimmed.length}`,
      threshold: `≤ ${gates.maxLength}`,
    });
  }
  if (gates.refusalPatterns && gates.refusalPatterns.length > 0) {
    const scanned = text.slice(0, MAX_GATE_SCAN_CHARS);
    const hit = compilePatterns(gates.refusalPatterns).findIndex((re) => re.test(scanned));
    results.push(
      hit === -1
        ? { gate: "refusal", passed: true }
        : { gate: "refusal", passed: false, detail: gates.refusalPatterns[hit] },
    );
  }
  const needsJson =
    gates.json === true ||
    gates.requiredFields !== undefined ||
    (gates.jsonSchema === true && gates.schema !== null);
  const parsed = needsJson ? parseJsonAnswer(trimmed) : undefined;
  if (gates.json) results.push({ gate: "json", passed: parsed?.ok === true });
  if (gates.jsonSchema) results.push(checkSchema(gates, parsed));
  if (gates.requiredFields) results.push(checkRequiredFields(gates.requiredFields, parsed));
  if (gates.minMeanLogprob !== undefined) {
    const mean = answer.meanLogprob;
    results.push(
      mean === undefined || mean === null
        ? { gate: "mean_logprob", passed: true, skipped: true, detail: "no logprobs" }
        : {
            gate: "mean_logprob",
            passed: mean >= gates.minMeanLogprob,
            detail: mean.toFixed(3),
            threshold: `≥ ${gates.minMeanLogprob}`,
          },
    );
  }
  return results;
}

/** True when no gate failed. */
export function checkGatesPassed(results: readonly GateResult[]): boolean {
  return results.every((result) => result.passed);
}

type Parsed = { ok: true; value: unknown } | { ok: false };

/** Parses an answer as JSON, tolerating one surrounding Markdown code fence. */
function parseJsonAnswer(text: string): Parsed {
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(text);
  try {
    return { ok: true, value: JSON.parse(fenced?.[1] ?? text) as unknown };
  } catch {
    return { ok: false };
  }
}

function checkSchema(gates: GateSpec, parsed: Parsed | undefined): GateResult {
  if (gates.schema === null) {
    return { gate: "json_schema", passed: true, skipped: true, detail: "no schema requested" };
  }
  if (!parsed?.ok) return { gate: "json_schema", passed: false, detail: "not JSON" };
  const errors = validateJsonSchema(gates.schema, parsed.value);
  return errors.length === 0
    ? { gate: "json_schema", passed: true }
    : { gate: "json_schema", passed: false, detail: errors.join("; ") };
}

function checkRequiredFields(fields: readonly string[], parsed: Parsed | undefined): GateResult {
  if (!parsed?.ok) return { gate: "required_fields", passed: false, detail: "not JSON" };
  const missing = fields.filter((field) => readPath(parsed.value, field) == null);
  return missing.length === 0
    ? { gate: "required_fields", passed: true }
    : { gate: "required_fields", passed: false, detail: `missing ${missing.join(", ")}` };
}

/** Reads a dotted path (`a.b.c`) from parsed JSON. */
function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
