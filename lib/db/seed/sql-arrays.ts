/**
 * Postgres array literals for bulk inserts: `INSERT … SELECT * FROM unnest($1::uuid[], …)` with
 * one text parameter per column. Far fewer bytes than a JSON array of objects (no repeated keys)
 * and no JSON parsing on the server; every element is quoted, so any text is safe.
 */
const quote = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** A text-like array (text, uuid, timestamptz, numeric as strings); null → NULL. */
export function textArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? "NULL" : quote(v))).join(",")}}`;
}

/** An integer array; null → NULL. */
export function intArray(values: readonly (number | null)[]): string {
  return `{${values.map((v) => (v === null ? "NULL" : String(Math.round(v)))).join(",")}}`;
}

export function boolArray(values: readonly boolean[]): string {
  return `{${values.map((v) => (v ? "t" : "f")).join(",")}}`;
}

/** Column-wise accumulation of rows: `push` a row, then read each column's literal. */
export class ColumnBuffer<Row extends Record<string, string | number | boolean | null>> {
  private readonly columns = new Map<keyof Row, (string | number | boolean | null)[]>();
  length = 0;

  constructor(private readonly names: readonly (keyof Row)[]) {
    for (const n of names) this.columns.set(n, []);
  }

  push(row: Row): void {
    for (const n of this.names) this.columns.get(n)?.push(row[n] ?? null);
    this.length++;
  }

  texts(name: keyof Row): string {
    return textArray((this.columns.get(name) ?? []).map((v) => (v === null ? null : String(v))));
  }

  ints(name: keyof Row): string {
    return intArray((this.columns.get(name) ?? []).map((v) => (v === null ? null : Number(v))));
  }

  bools(name: keyof Row): string {
    return boolArray((this.columns.get(name) ?? []).map((v) => v === true));
  }

  clear(): void {
    for (const n of this.names) this.columns.set(n, []);
    this.length = 0;
  }
}

/** Interns JSON documents: each distinct document once, rows refer to it by index. */
export class JsonDictionary {
  private readonly index = new Map<string, number>();
  private readonly docs: string[] = [];
  private readonly byRef = new WeakMap<object, number>();

  /** The index of `doc` (0-based), adding it when new. */
  intern(doc: unknown): number {
    // Shared (frozen) documents are looked up by reference before serializing.
    const known = typeof doc === "object" && doc !== null ? this.byRef.get(doc) : undefined;
    if (known !== undefined) return known;
    const text = JSON.stringify(doc);
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.docs.length;
      this.docs.push(text);
      this.index.set(text, i);
    }
    if (typeof doc === "object" && doc !== null && Object.isFrozen(doc)) this.byRef.set(doc, i);
    return i;
  }

  /** The dictionary as one JSON array (a jsonb parameter). */
  toJson(): string {
    return `[${this.docs.join(",")}]`;
  }
}
