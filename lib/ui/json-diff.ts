/**
 * A small structural diff of two JSON documents, for policy version history and the audit log.
 * Objects are compared key by key; arrays of objects that all carry a string `id` (policy rules)
 * are matched by id, so moving or inserting a rule does not show every later rule as changed;
 * other arrays are compared index by index. Pure: no I/O, deterministic output order.
 */

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type JsonChange =
  | { kind: "added"; path: string; after: JsonValue }
  | { kind: "removed"; path: string; before: JsonValue }
  | { kind: "changed"; path: string; before: JsonValue; after: JsonValue }
  | { kind: "moved"; path: string; from: number; to: number };

/** Normalizes any value (Dates, undefined, class instances) to plain JSON. */
export function toJsonValue(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value) ?? "null") as JsonValue;
}

function isObject(v: JsonValue): v is { [key: string]: JsonValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function keyPath(base: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key)
    ? base
      ? `${base}.${key}`
      : key
    : `${base}[${JSON.stringify(key)}]`;
}

function idOf(v: JsonValue): string | null {
  return isObject(v) && typeof v.id === "string" ? v.id : null;
}

function byId(items: JsonValue[]): Map<string, number> | null {
  const map = new Map<string, number>();
  for (const [i, item] of items.entries()) {
    const id = idOf(item);
    if (id === null || map.has(id)) return null;
    map.set(id, i);
  }
  return map;
}

function diffArrays(a: JsonValue[], b: JsonValue[], path: string, out: JsonChange[]): void {
  const ia = a.length > 0 ? byId(a) : null;
  const ib = b.length > 0 ? byId(b) : null;
  if (ia && ib) {
    for (const [id, i] of ia) {
      const at = `${path}[${JSON.stringify(id)}]`;
      const j = ib.get(id);
      if (j === undefined) out.push({ kind: "removed", path: at, before: a[i] ?? null });
      else {
        if (i !== j) out.push({ kind: "moved", path: at, from: i, to: j });
        diffInto(a[i] ?? null, b[j] ?? null, at, out);
      }
    }
    for (const [id, j] of ib)
      if (!ia.has(id))
        out.push({ kind: "added", path: `${path}[${JSON.stringify(id)}]`, after: b[j] ?? null });
    return;
  }
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const at = `${path}[${i}]`;
    if (i >= a.length) out.push({ kind: "added", path: at, after: b[i] ?? null });
    else if (i >= b.length) out.push({ kind: "removed", path: at, before: a[i] ?? null });
    else diffInto(a[i] ?? null, b[i] ?? null, at, out);
  }
}

function diffInto(a: JsonValue, b: JsonValue, path: string, out: JsonChange[]): void {
  if (Array.isArray(a) && Array.isArray(b)) return diffArrays(a, b, path, out);
  if (isObject(a) && isObject(b)) {
    for (const key of Object.keys(a)) {
      const at = keyPath(path, key);
      const bv = b[key];
      if (bv === undefined) out.push({ kind: "removed", path: at, before: a[key] ?? null });
      else diffInto(a[key] ?? null, bv, at, out);
    }
    for (const key of Object.keys(b))
      if (!(key in a)) out.push({ kind: "added", path: keyPath(path, key), after: b[key] ?? null });
    return;
  }
  if (a !== b) out.push({ kind: "changed", path: path || "(root)", before: a, after: b });
}

/** The changes that turn `before` into `after`, in document order; empty when they are equal. */
export function diffJson(before: unknown, after: unknown): JsonChange[] {
  const out: JsonChange[] = [];
  diffInto(toJsonValue(before), toJsonValue(after), "", out);
  return out;
}

/** A one-line preview of a value for diff rows. */
export function previewJson(value: JsonValue, max = 120): string {
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
