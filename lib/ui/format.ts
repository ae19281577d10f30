/**
 * Number formatting for the console: always with a unit, rounded to what a reader can use.
 * Pure and locale-pinned (en-US) so server and client render the same text.
 */

const usd = (digits: number) =>
  new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
const USD2 = usd(2);
const USD4 = usd(4);
const USD6 = usd(6);
const COMPACT = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const INT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * US dollars: cents from $1, four decimals for cents, six for fractions of a cent, compact
 * ($12.3K) from $100,000. Exactly 0 is "$0.00".
 */
export function formatUsd(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  if (abs === 0) return "$0.00";
  if (abs >= 100_000) return `${value < 0 ? "-" : ""}$${COMPACT.format(abs)}`;
  if (abs >= 1) return USD2.format(value);
  if (abs >= 0.01) return USD4.format(value);
  if (abs >= 0.000001) return USD6.format(value);
  return value < 0 ? "-<$0.000001" : "<$0.000001";
}

/** Chart axis ticks: short dollars ($0, $1.2, $350, $12K). */
export function formatUsdAxis(value: number): string {
  if (!Number.isFinite(value)) return "";
  const abs = Math.abs(value);
  if (abs === 0) return "$0";
  if (abs >= 1000) return `$${COMPACT.format(value)}`;
  if (abs >= 1) return `$${Number(value.toFixed(abs >= 100 ? 0 : 1))}`;
  return `$${Number(value.toPrecision(2))}`;
}

/** Token counts: exact below 10,000, compact above ("12.3K tokens"). */
export function formatTokens(value: number, withUnit = true): string {
  const n = Number.isFinite(value) ? value : 0;
  const text = Math.abs(n) < 10_000 ? INT.format(n) : COMPACT.format(n);
  return withUnit ? `${text} ${Math.abs(n) === 1 ? "token" : "tokens"}` : text;
}

/** A plain count with thousands separators, compact from a million. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return "–";
  return Math.abs(value) >= 1_000_000 ? COMPACT.format(value) : INT.format(value);
}

/** Milliseconds: "850 ms", "1.25 s", "12.5 s", "2 min 5 s". Null is "–". */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  if (ms < 1) return `${Number(ms.toFixed(2))} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const min = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s === 0 ? `${min} min` : `${min} min ${s} s`;
}

/** A ratio (0..1) as a percentage: one decimal below 10%, none above; tiny values "<0.1%". */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "–";
  const pct = ratio * 100;
  if (pct === 0) return "0%";
  if (Math.abs(pct) < 0.1) return "<0.1%";
  if (Math.abs(pct) < 10) return `${pct.toFixed(1)}%`;
  return `${Math.round(pct)}%`;
}

/** `part / whole`, or null when there is nothing to divide by. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Date-time in UTC, minute precision: "2026-11-23 14:05 UTC". */
export function formatDateTime(value: string | number | Date): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return "–";
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Time since `value` relative to `now`: "just now", "5 min ago", "3 h ago", "2 d ago". */
export function formatAgo(value: string | number | Date | null, now: number): string {
  if (value === null) return "never";
  const diff = now - new Date(value).getTime();
  if (!Number.isFinite(diff)) return "–";
  if (diff < 60_000) return "just now";
  if (diff < 3_600_000) return `${Math.floor(diff / 60_000)} min ago`;
  if (diff < 86_400_000) return `${Math.floor(diff / 3_600_000)} h ago`;
  return `${Math.floor(diff / 86_400_000)} d ago`;
}

/** Chart tick for a bucket start: time of day for short ranges, date (and hour) for long. */
export function formatBucketTick(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  if (spanMs <= 86_400_000) return iso.slice(11, 16);
  if (spanMs <= 8 * 86_400_000) return `${iso.slice(5, 10)} ${iso.slice(11, 13)}h`;
  return iso.slice(5, 10);
}
