/** Number formatting with units and sensible rounding, shared by the console pages. */

const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** Tokens with thousands separators: "128,000 tokens" (or without the unit). */
export function formatTokens(n: number, unit = true): string {
  return unit ? `${int.format(n)} tokens` : int.format(n);
}

/** A count with thousands separators. */
export function formatCount(n: number): string {
  return int.format(n);
}

/** USD with precision that fits the magnitude: $1,234 · $12.34 · $0.0123 · $0.000012. */
export function formatUsd(n: number): string {
  const abs = Math.abs(n);
  if (abs === 0) return "$0";
  const digits = abs >= 100 ? 0 : abs >= 1 ? 2 : abs >= 0.01 ? 4 : 6;
  const s = new Intl.NumberFormat("en-US", {
    minimumFractionDigits: Math.min(digits, 2),
    maximumFractionDigits: digits,
  }).format(abs);
  return `${n < 0 ? "−" : ""}$${s}`;
}

/** A price per million tokens: "$2.50 / 1M". */
export function formatPricePerMTok(n: number): string {
  return `${formatUsd(n)} / 1M`;
}

/** Signed difference, e.g. "+$1.20" or "−12%". */
export function formatDeltaUsd(n: number): string {
  return n > 0 ? `+${formatUsd(n)}` : formatUsd(n);
}

export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** Milliseconds as "850 ms" or "2.4 s". */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

/** A date-time in the viewer's locale, e.g. "Mar 4, 14:05". */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}

/** "5 min ago", "3 h ago", "2 d ago". */
export function formatAgo(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}
