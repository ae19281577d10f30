/** Compiles policy conditions into predicates that trace themselves. */
import type { Condition } from "@/lib/schemas/policy";
import type { CompiledCondition, EvalEnv } from "./compiled-types";
import type { ConditionTrace } from "./decision-types";

type Comparison = "lt" | "lte" | "gt" | "gte" | "eq";
const MINUTES_PER_DAY = 1440;
const MS_PER_MINUTE = 60_000;

/** Compiles one condition; `path` locates it for the trace (e.g. `when.all[0]`). */
export function compileCondition(condition: Condition, path: string): CompiledCondition {
  switch (condition.type) {
    case "all": {
      const parts = condition.conditions.map((c, i) => compileCondition(c, `${path}.all[${i}]`));
      const head = parts[0] ? FIRST_FAILURE.get(parts[0]) : undefined;
      const compiled = traced(
        path,
        "all",
        (env) => parts.every((part) => part(env)),
        head ?? null,
        joinTraces(parts, SUCCESS),
      );
      const headQuick = parts[0] ? QUICK_FAIL.get(parts[0]) : undefined;
      if (headQuick) QUICK_FAIL.set(compiled, headQuick);
      return compiled;
    }
    case "any": {
      const parts = condition.conditions.map((c, i) => compileCondition(c, `${path}.any[${i}]`));
      const head = parts[0] ? SUCCESS.get(parts[0]) : undefined;
      const failures = joinTraces(parts, FIRST_FAILURE);
      const compiled = traced(
        path,
        "any",
        (env) => parts.some((part) => part(env)),
        failures,
        head ?? null,
      );
      const quick = parts.map((part) => QUICK_FAIL.get(part));
      if (quick.every((q) => q !== undefined)) {
        const all = quick as ((env: EvalEnv) => boolean)[];
        QUICK_FAIL.set(compiled, (env) => all.every((q) => q(env)));
      }
      return compiled;
    }
    case "not": {
      const inner = compileCondition(condition.condition, `${path}.not`);
      const failure = SUCCESS.get(inner) ?? null;
      const compiled = traced(
        path,
        "not",
        (env) => !inner(env),
        failure,
        FIRST_FAILURE.get(inner) ?? null,
      );
      const innerHolds = QUICK_HOLD.get(inner);
      if (innerHolds) QUICK_FAIL.set(compiled, innerHolds);
      return compiled;
    }
    case "metadata": {
      const { field } = condition;
      const allowed = new Set(condition.in ?? [condition.equals ?? ""]);
      return leaf(path, `metadata.${field}`, (env) => {
        const value = readMetadata(env, field);
        return value !== null && allowed.has(value);
      });
    }
    case "tag": {
      const wanted = new Set(condition.anyOf);
      return leaf(path, "tag", (env) => env.features.metadata.tags.some((t) => wanted.has(t)));
    }
    case "tenant": {
      const tenants = new Set(condition.in);
      return leaf(path, "tenant", (env) => tenants.has(env.tenant.id));
    }
    case "numeric": {
      const { field, op, value } = condition;
      return leaf(path, `numeric.${field}`, (env) => compare(readNumber(env, field), op, value));
    }
    case "capabilities": {
      const required = condition.requires;
      return leaf(path, "capabilities", (env) =>
        required.every((cap) => env.features.requiredCapabilities.includes(cap)),
      );
    }
    case "budget": {
      const states = condition.state ? new Set(condition.state) : null;
      const fraction = condition.fractionSpent;
      return leaf(path, "budget", (env) => {
        const budget = env.tenant.budget;
        if (states && !states.has(budget.state)) return false;
        return !fraction || compare(budget.fractionSpent, fraction.op, fraction.value);
      });
    }
    case "time_window":
      return compileTimeWindow(condition, path);
    case "keywords":
      return compileKeywords(condition.anyOf, condition.caseSensitive === true, path);
    case "regex": {
      const re = new RegExp(condition.pattern, condition.caseSensitive ? "" : "i");
      return contentGuarded(path, "regex", (env) => re.test(readRawText(env)));
    }
  }
}

/**
 * Wraps a test so it records its outcome. Both possible trace entries are built (and frozen) at
 * compile time, so tracing allocates nothing per condition on the request path.
 */
function traced(
  path: string,
  kind: string,
  test: (env: EvalEnv) => boolean,
  failureTail: readonly ConditionTrace[] | null = [],
  successTail: readonly ConditionTrace[] | null = [],
): CompiledCondition {
  const held: ConditionTrace = Object.freeze({ path, kind, held: true });
  const failed: ConditionTrace = Object.freeze({ path, kind, held: false });
  const compiled: CompiledCondition = (env) => {
    const index = env.traceCount++;
    env.trace[index] = failed;
    if (!test(env)) return false;
    env.trace[index] = held;
    return true;
  };
  if (failureTail) FIRST_FAILURE.set(compiled, Object.freeze([failed, ...failureTail]));
  if (successTail) SUCCESS.set(compiled, Object.freeze([held, ...successTail]));
  return compiled;
}

/**
 * A leaf: `traced`, plus raw tests that tell without writing any trace whether the leaf fails
 * (its trace is then exactly its frozen first failure) or holds. Rules use them to skip the
 * tracing work for the common case of a rule that does not match.
 */
function leaf(path: string, kind: string, test: (env: EvalEnv) => boolean): CompiledCondition {
  const compiled = traced(path, kind, test);
  QUICK_FAIL.set(compiled, (env) => !test(env));
  QUICK_HOLD.set(compiled, test);
  return compiled;
}

/** Concatenates the children's precomputed traces, or `null` when one has none. */
function joinTraces(
  parts: readonly CompiledCondition[],
  table: WeakMap<CompiledCondition, readonly ConditionTrace[]>,
): ConditionTrace[] | null {
  const joined: ConditionTrace[] = [];
  for (const part of parts) {
    const trace = table.get(part);
    if (!trace) return null;
    joined.push(...trace);
  }
  return joined;
}

// The trace a condition leaves when it fails in the canonical way (a leaf failing; an `all` whose
// first part fails; an `any` whose parts all fail that way; a `not` whose inner part holds) and
// when it holds in the canonical way. Rules that don't match mostly fail canonically, so their
// trace is a shared frozen value instead of fresh objects.
const FIRST_FAILURE = new WeakMap<CompiledCondition, readonly ConditionTrace[]>();
const SUCCESS = new WeakMap<CompiledCondition, readonly ConditionTrace[]>();
// Trace-free tests: QUICK_FAIL(c)(env) is true only when c fails the canonical way (so its trace
// would be exactly FIRST_FAILURE(c)); QUICK_HOLD(leaf)(env) is the leaf's raw test.
const QUICK_FAIL = new WeakMap<CompiledCondition, (env: EvalEnv) => boolean>();
const QUICK_HOLD = new WeakMap<CompiledCondition, (env: EvalEnv) => boolean>();

/** The trace-free canonical-failure test of a condition, when it has one. */
export function readQuickFail(condition: CompiledCondition): ((env: EvalEnv) => boolean) | null {
  return QUICK_FAIL.get(condition) ?? null;
}

/** The precomputed trace of the condition's most common failure, when it has one. */
export function readFirstFailure(condition: CompiledCondition): readonly ConditionTrace[] | null {
  return FIRST_FAILURE.get(condition) ?? null;
}

/** Content conditions never hold (and say why) when the route does not allow inspection. */
function contentGuarded(
  path: string,
  kind: string,
  test: (env: EvalEnv) => boolean,
): CompiledCondition {
  const skipped: ConditionTrace = Object.freeze({
    path,
    kind,
    held: false,
    note: "content inspection is off for this route",
  });
  const inner = traced(path, kind, test);
  const compiled: CompiledCondition = (env) => {
    if (env.contentInspection) return inner(env);
    env.trace[env.traceCount++] = skipped;
    return false;
  };
  const failure = FIRST_FAILURE.get(inner);
  if (failure) FIRST_FAILURE.set(compiled, failure);
  const success = SUCCESS.get(inner);
  if (success) SUCCESS.set(compiled, success);
  return compiled;
}

function compileKeywords(words: readonly string[], caseSensitive: boolean, path: string) {
  const needles = caseSensitive ? [...words] : words.map((word) => word.toLowerCase());
  return contentGuarded(path, "keywords", (env) => {
    const text = caseSensitive ? readRawText(env) : readScanText(env);
    return needles.some((needle) => text.includes(needle));
  });
}

function compileTimeWindow(
  condition: Extract<Condition, { type: "time_window" }>,
  path: string,
): CompiledCondition {
  const start = parseMinutes(condition.start);
  const end = parseMinutes(condition.end);
  const days = condition.days ? new Set(condition.days) : null;
  const offsetMs = condition.utcOffsetMinutes * MS_PER_MINUTE;
  return traced(path, "time_window", (env) => {
    const localMinutes = Math.floor((env.nowMs + offsetMs) / MS_PER_MINUTE);
    const minute = ((localMinutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
    // 1970-01-01 was a Thursday (4).
    const day = (((Math.floor(localMinutes / MINUTES_PER_DAY) + 4) % 7) + 7) % 7;
    if (days && !days.has(day)) return false;
    return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
  });
}

function parseMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(":");
  return Number(h) * 60 + Number(m);
}

function readMetadata(env: EvalEnv, field: string): string | null {
  const m = env.features.metadata;
  switch (field) {
    case "task":
      return m.task;
    case "userTier":
      return m.userTier;
    case "latencyClass":
      return m.latencyClass;
    case "priority":
      return m.priority;
    default:
      return m.endUserId;
  }
}

function readNumber(env: EvalEnv, field: string): number {
  const f = env.features;
  const output = f.maxOutputTokens ?? env.settings.outputReserveTokens;
  switch (field) {
    case "inputTokens":
      return f.estimatedInputTokens;
    case "maxOutputTokens":
      return output;
    case "totalTokens":
      return f.estimatedInputTokens + output;
    case "messageCount":
      return f.messageCount;
    default:
      return f.conversationTurns;
  }
}

/** Compares `left op right`. */
export function compare(left: number, op: Comparison, right: number): boolean {
  switch (op) {
    case "lt":
      return left < right;
    case "lte":
      return left <= right;
    case "gt":
      return left > right;
    case "gte":
      return left >= right;
    case "eq":
      return left === right;
  }
}

function readRawText(env: EvalEnv): string {
  return (env.rawText ??= env.features.content.text().slice(0, env.settings.maxScanChars));
}

function readScanText(env: EvalEnv): string {
  return (env.scanText ??= readRawText(env).toLowerCase());
}
