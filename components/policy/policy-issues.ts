/** Validation of a draft policy as you type, with issues keyed by their path in the document. */
import { PolicyDocumentSchema } from "@/lib/schemas/policy";
import { checkPolicyReferences, type RegistryView } from "@/lib/schemas/policy-references";

export interface DraftIssue {
  /** Dotted path with numeric indexes, e.g. `rules.2.when.field`. */
  key: string;
  /** Readable location, e.g. `rules[2] (faq) › when › field`. */
  label: string;
  message: string;
}

export type Json = unknown;

function labelFor(path: readonly PropertyKey[], doc: Json): string {
  let label = "";
  path.forEach((p, i) => {
    if (typeof p === "number") {
      label += `[${p}]`;
      if (i === 1 && path[0] === "rules") {
        const rules = (doc as { rules?: unknown }).rules;
        const id = Array.isArray(rules)
          ? (rules[p] as { id?: unknown } | undefined)?.id
          : undefined;
        if (typeof id === "string" && id) label += ` (${id})`;
      }
    } else label += label ? ` › ${String(p)}` : String(p);
  });
  return label || "(document)";
}

function issueOf(path: readonly PropertyKey[], message: string, doc: Json): DraftIssue {
  return { key: path.map(String).join("."), label: labelFor(path, doc), message };
}

/** What the editor knows of a draft: errors (publish is refused), warnings, registry pending. */
export interface DraftCheck {
  issues: DraftIssue[];
  warnings: DraftIssue[];
  /** The shape is fine but the registry has not loaded yet, so references are unchecked. */
  pending: boolean;
}

/**
 * The schema, then the same registry check the publish endpoint runs (unknown models and chains
 * are issues, disabled ones warnings), so "Valid policy" means the server will accept it.
 */
export function checkDraft(doc: Json, registry: RegistryView | null): DraftCheck {
  const r = PolicyDocumentSchema.safeParse(doc);
  if (!r.success)
    return {
      issues: r.error.issues.map((i) => issueOf(i.path, i.message, doc)),
      warnings: [],
      pending: false,
    };
  if (registry === null) return { issues: [], warnings: [], pending: true };
  const check = checkPolicyReferences(r.data, registry);
  return {
    issues: check.errors.map((i) => issueOf(i.at, i.message, doc)),
    warnings: check.warnings.map((i) => issueOf(i.at, i.message, doc)),
    pending: false,
  };
}

/** The first message exactly at `key`. */
export function issueAt(issues: readonly DraftIssue[], key: string): string | undefined {
  return issues.find((i) => i.key === key)?.message;
}

/** Issues at or under `prefix`. */
export function issuesUnder(issues: readonly DraftIssue[], prefix: string): DraftIssue[] {
  return issues.filter((i) => i.key === prefix || i.key.startsWith(`${prefix}.`));
}

/** Immutable update of a nested value by path. */
export function setIn(root: Json, path: readonly (string | number)[], value: Json): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (typeof head === "number") {
    const arr = Array.isArray(root) ? [...(root as Json[])] : [];
    arr[head] = setIn(arr[head], rest, value);
    return arr;
  }
  const obj =
    root !== null && typeof root === "object" && !Array.isArray(root)
      ? { ...(root as Record<string, Json>) }
      : {};
  const next = setIn(obj[head], rest, value);
  if (next === undefined) delete obj[head];
  else obj[head] = next;
  return obj;
}

/** Splits "a, b ,c" into ["a","b","c"]. */
export function splitList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
