/** Compiles a policy document once per version. */
import { parsePolicyDocument, type PolicyIssue } from "@/lib/schemas/policy";
import type { CompiledPolicy, CompiledRule } from "./compiled-types";
import { compileCondition, readFirstFailure, readQuickFail } from "./conditions";

/** Thrown by `compilePolicy` when the document is invalid; `issues` point at rule and field. */
export class PolicyCompileError extends Error {
  readonly issues: readonly PolicyIssue[];
  constructor(issues: readonly PolicyIssue[]) {
    super(`invalid policy: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    this.name = "PolicyCompileError";
    this.issues = issues;
  }
}

/**
 * Validates and compiles a policy document (JSON as stored) into the form decisions use:
 * conditions become predicates, regexes are built once, defaults are resolved.
 */
export function compilePolicy(
  document: unknown,
  version: { id: string; version: number },
): CompiledPolicy {
  const parsed = parsePolicyDocument(document);
  if (!parsed.ok) throw new PolicyCompileError(parsed.issues);
  const policy = parsed.policy;
  const rules: CompiledRule[] = [];
  let readsContent = false;
  policy.rules.forEach((rule, index) => {
    if (!rule.enabled) return;
    const serialized = JSON.stringify(rule.when);
    if (serialized.includes('"type":"keywords"') || serialized.includes('"type":"regex"')) {
      readsContent = true;
    }
    const condition = compileCondition(rule.when, "when");
    const failure = readFirstFailure(condition);
    rules.push({
      id: rule.id,
      index,
      condition,
      action: rule.then,
      firstFailure: failure
        ? Object.freeze({ ruleId: rule.id, matched: false, conditions: failure })
        : null,
      quickFail: failure ? readQuickFail(condition) : null,
    });
  });
  return {
    id: version.id,
    version: version.version,
    document: policy,
    settings: policy.settings,
    rules,
    defaultAction: policy.default,
    readsContent,
  };
}
