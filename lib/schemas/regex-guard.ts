/**
 * Static guard against catastrophic backtracking in operator-supplied regular expressions.
 * Rules are conservative: reject backreferences, lookbehind, nested quantifiers (a quantified
 * group that itself contains a quantifier) and quantified groups containing alternation.
 * Together with a cap on scanned input length this keeps matching roughly linear.
 */

/** Longest pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 512;

const QUANTIFIER_START = new Set(["*", "+", "?", "{"]);

interface GroupFrame {
  hasQuantifier: boolean;
  hasAlternation: boolean;
}

/** Returns a reason the pattern is unsafe or invalid, or `null` when it is accepted. */
export function findRegexHazard(pattern: string, flags = ""): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern longer than ${MAX_PATTERN_LENGTH}`;
  if (!/^[imsu]*$/.test(flags)) return "only the flags i, m, s and u are allowed";
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    return `invalid regular expression: ${(error as Error).message}`;
  }
  const stack: GroupFrame[] = [{ hasQuantifier: false, hasAlternation: false }];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\") {
      const next = pattern[i + 1] ?? "";
      if (!inClass && (/[1-9]/.test(next) || next === "k")) return "backreferences are not allowed";
      i++;
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      continue;
    }
    if (ch === "[") {
      inClass = true;
      continue;
    }
    const top = stack[stack.length - 1];
    if (!top) return "unbalanced parentheses";
    if (ch === "(") {
      if (pattern.startsWith("(?<=", i) || pattern.startsWith("(?<!", i)) {
        return "lookbehind is not allowed";
      }
      stack.push({ hasQuantifier: false, hasAlternation: false });
      i = skipGroupPrefix(pattern, i) - 1;
      continue;
    }
    if (ch === "|") {
      top.hasAlternation = true;
      continue;
    }
    if (ch === ")") {
      const closed = stack.pop();
      const parent = stack[stack.length - 1];
      if (!closed || !parent) return "unbalanced parentheses";
      const quantified = QUANTIFIER_START.has(pattern[i + 1] ?? "");
      if (quantified && closed.hasQuantifier) return "nested quantifiers are not allowed";
      if (quantified && closed.hasAlternation) {
        return "a quantified group may not contain alternation";
      }
      // A group's inner quantifiers make the enclosing group "quantified inside" too.
      if (closed.hasQuantifier || quantified) parent.hasQuantifier = true;
      if (quantified) i = skipQuantifier(pattern, i + 1) - 1;
      continue;
    }
    if (QUANTIFIER_START.has(ch ?? "")) {
      top.hasQuantifier = true;
      i = skipQuantifier(pattern, i) - 1;
    }
  }
  return null;
}

/** Index just after the quantifier starting at `start` (including a lazy `?`). */
function skipQuantifier(pattern: string, start: number): number {
  let i = start;
  if (pattern[i] === "{") {
    const close = pattern.indexOf("}", i);
    i = close === -1 ? i + 1 : close + 1;
  } else {
    i++;
  }
  if (pattern[i] === "?") i++;
  return i;
}

/** Index just after `(`, `(?:`, `(?=`, `(?!` or `(?<name>` starting at `open`. */
function skipGroupPrefix(pattern: string, open: number): number {
  if (pattern[open + 1] !== "?") return open + 1;
  if (pattern[open + 2] === "<") {
    const close = pattern.indexOf(">", open);
    return close === -1 ? open + 3 : close + 1;
  }
  return open + 3;
}
