/**
 * Pure helpers of the console's policy forms (components/policy): the conversions between what a
 * control shows and what the document stores (numbers, percent ⇄ fraction, UTC offsets, lists,
 * checkbox sets, rows). The draft JSON document is the editor's only state: every control reads
 * its field from the document and writes it back, so switching between the forms and the JSON
 * view loses nothing as long as read-then-write is the identity (policy-form-values.test.ts).
 */

export type JsonObject = Record<string, unknown>;

/** Comparison operators with the symbols the selects show. */
export const COMPARISON_OPTIONS: readonly { value: string; label: string }[] = [
  { value: "lt", label: "<" },
  { value: "lte", label: "≤" },
  { value: "gt", label: ">" },
  { value: "gte", label: "≥" },
  { value: "eq", label: "=" },
];

/** Shares of a weighted split in percent (one decimal), or null when the total is not positive. */
export function weightShares(variants: readonly JsonObject[]): (number | null)[] {
  const weights = variants.map((v) => (typeof v.weight === "number" ? v.weight : NaN));
  const total = weights.reduce((a, w) => a + (Number.isFinite(w) && w > 0 ? w : 0), 0);
  return weights.map((w) =>
    total > 0 && Number.isFinite(w) && w > 0 ? Math.round((w / total) * 1000) / 10 : null,
  );
}

/** `obj` with `key` set, or removed when `value` is undefined (optional fields). */
export function withField(obj: JsonObject, key: string, value: unknown): JsonObject {
  const { [key]: _old, ...rest } = obj;
  return value === undefined ? rest : { ...rest, [key]: value };
}

/** The number typed in a number input; empty means "not set". */
export function parseNumberInput(text: string): number | undefined {
  if (text.trim() === "") return undefined;
  return Number(text);
}

/** What a number input shows for a stored value (empty for anything but a number). */
export function numberInputText(value: unknown): string {
  return typeof value === "number" && !Number.isNaN(value) ? String(value) : "";
}

/** A stored fraction (0.8) as the percent the form shows (80), free of float noise. */
export function fractionToPercent(value: unknown): number | undefined {
  return typeof value === "number" ? Math.round(value * 100 * 1e9) / 1e9 : undefined;
}

/** A typed percent (80) as the stored fraction (0.8). */
export function percentToFraction(percent: number | undefined): number | undefined {
  return percent === undefined ? undefined : Math.round((percent / 100) * 1e12) / 1e12;
}

/** `UTC+05:30` for 330 minutes. */
export function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? "−" : "+";
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `UTC${sign}${hh}:${mm}`;
}

/** UTC offsets in 15-minute steps from −14:00 to +14:00, plus `current` if it is off that grid. */
export function utcOffsetOptions(current: unknown): { value: number; label: string }[] {
  const values: number[] = [];
  for (let m = -840; m <= 840; m += 15) values.push(m);
  if (typeof current === "number" && Number.isInteger(current) && !values.includes(current)) {
    values.push(current);
    values.sort((a, b) => a - b);
  }
  return values.map((value) => ({ value, label: formatUtcOffset(value) }));
}

/** Day numbers of the time-window condition (0 = Sunday) with their short names. */
export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/**
 * The list after a checkbox for `item` changed: members follow `order`; values outside `order`
 * (typed in JSON) stay at the end so the schema can still name them.
 */
export function toggleMember<T>(
  list: readonly T[] | undefined,
  item: T,
  on: boolean,
  order: readonly T[],
): T[] {
  const current = new Set(list ?? []);
  if (on) current.add(item);
  else current.delete(item);
  const known = order.filter((x) => current.has(x));
  const unknown = (list ?? []).filter((x) => !order.includes(x) && current.has(x));
  return [...known, ...unknown];
}

/** Items of a list typed as text, split on commas or newlines; blanks are dropped. */
export function parseList(text: string, separator: "," | "\n"): string[] {
  return text
    .split(separator)
    .map((s) => (separator === "," ? s.trim() : s))
    .filter((s) => s.trim() !== "");
}

/** A list as the text its input shows. */
export function formatList(list: unknown, separator: "," | "\n"): string {
  return Array.isArray(list) ? list.map(String).join(separator === "," ? ", " : "\n") : "";
}

/** `list` with item `i` moved by `delta` (no-op at the ends). */
export function moveItem<T>(list: readonly T[], i: number, delta: -1 | 1): T[] {
  const j = i + delta;
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(i, 1);
  next.splice(j, 0, item as T);
  return next;
}

/** The members of an array field, or an empty list. */
export function objectsOf(value: unknown): JsonObject[] {
  return Array.isArray(value)
    ? value.map((v) =>
        v !== null && typeof v === "object" && !Array.isArray(v) ? (v as JsonObject) : {},
      )
    : [];
}

/** A value as an object (forms edit objects; anything else starts empty). */
export function asObject(value: unknown): JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as JsonObject)
    : {};
}

/**
 * What the hedge-delay control shows for a stored `hedgeAfterMs`: the "off" box for null (never
 * hedge), the number otherwise; absent (inherit) shows an empty input and a cleared box.
 */
export function hedgeInputState(value: unknown): { off: boolean; text: string } {
  return { off: value === null, text: value === null ? "" : numberInputText(value) };
}

/** The `hedgeAfterMs` the hedge-delay control writes: null when off, undefined when empty. */
export function hedgeFromInput(off: boolean, text: string): number | null | undefined {
  return off ? null : parseNumberInput(text);
}

/**
 * The policy document with `settings[key]` set (or removed when undefined); a `settings` object
 * left empty leaves the document, so clearing a setting restores a document that had none.
 */
export function withSetting(doc: JsonObject, key: string, value: unknown): JsonObject {
  const settings = withField(asObject(doc.settings), key, value);
  return withField(doc, "settings", Object.keys(settings).length > 0 ? settings : undefined);
}
