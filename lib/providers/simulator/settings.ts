import { PROVIDER_ERROR_CLASSES, type ProviderErrorClass } from "@/lib/vocabulary";

/**
 * Simulator behaviour for one model. Provider settings may set these at the top level (defaults
 * for every model) and per upstream model name under `models`, e.g.
 * `{ seed: 7, ttftMs: 200, models: { "sim-small": { quality: 0.6, msPerToken: 5 } } }`.
 */
export interface SimModelSettings {
  /** Time to first token, ms (default 0). */
  ttftMs: number;
  /** Time per output token after the first, ms (default 0). */
  msPerToken: number;
  /** ± fraction applied to latencies, deterministic per request (default 0.2). */
  jitter: number;
  /** Probability that a request fails before any token (default 0). */
  errorRate: number;
  /** Classes a simulated failure picks from (default ["server_error"]). */
  errorClasses: ProviderErrorClass[];
  /** Probability that a stream breaks after some tokens (default 0). */
  midStreamErrorRate: number;
  /** Output tokens: a number or [min, max] (default [40, 120]); capped by max_tokens. */
  outputTokens: [number, number];
  /** 0..1: below 1, some answers hedge and some JSON answers miss a required field (default 0.9). */
  quality: number;
  /** Probability of answering with a tool call when tools are offered (default 1). */
  toolCallRate: number;
  /** Whether the simulator reports usage (false exercises the estimated path; default true). */
  reportUsage: boolean;
}

export interface SimSettings {
  seed: string;
  forModel(model: string): SimModelSettings;
}

const DEFAULTS: SimModelSettings = {
  ttftMs: 0,
  msPerToken: 0,
  jitter: 0.2,
  errorRate: 0,
  errorClasses: ["server_error"],
  midStreamErrorRate: 0,
  outputTokens: [40, 120],
  quality: 0.9,
  toolCallRate: 1,
  reportUsage: true,
};

type Loose = Record<string, unknown>;

const num = (v: unknown, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number =>
  typeof v === "number" && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;

function merge(base: SimModelSettings, raw: Loose): SimModelSettings {
  const out = { ...base };
  out.ttftMs = num(raw.ttftMs, base.ttftMs);
  out.msPerToken = num(raw.msPerToken, base.msPerToken);
  out.jitter = num(raw.jitter, base.jitter, 0, 1);
  out.errorRate = num(raw.errorRate, base.errorRate, 0, 1);
  out.midStreamErrorRate = num(raw.midStreamErrorRate, base.midStreamErrorRate, 0, 1);
  out.quality = num(raw.quality, base.quality, 0, 1);
  out.toolCallRate = num(raw.toolCallRate, base.toolCallRate, 0, 1);
  if (typeof raw.reportUsage === "boolean") out.reportUsage = raw.reportUsage;
  const tokens = raw.outputTokens;
  if (typeof tokens === "number") out.outputTokens = [num(tokens, 1, 1), num(tokens, 1, 1)];
  else if (Array.isArray(tokens) && tokens.length === 2) {
    const lo = num(tokens[0], base.outputTokens[0], 1);
    out.outputTokens = [lo, Math.max(lo, num(tokens[1], base.outputTokens[1], 1))];
  }
  if (Array.isArray(raw.errorClasses)) {
    const classes = raw.errorClasses.filter((c): c is ProviderErrorClass =>
      (PROVIDER_ERROR_CLASSES as readonly unknown[]).includes(c),
    );
    if (classes.length > 0) out.errorClasses = classes;
  }
  return out;
}

const cache = new WeakMap<Record<string, unknown>, SimSettings>();

/** Reads (and caches per settings object) the simulator settings. */
export function readSimSettings(settings: Record<string, unknown>): SimSettings {
  const hit = cache.get(settings);
  if (hit) return hit;
  const base = merge(DEFAULTS, settings);
  const models = (
    settings.models && typeof settings.models === "object" ? settings.models : {}
  ) as Record<string, Loose>;
  const perModel = new Map<string, SimModelSettings>();
  const sim: SimSettings = {
    seed: String(settings.seed ?? "switchboard"),
    forModel(model) {
      let m = perModel.get(model);
      if (!m) {
        const raw = models[model];
        m = raw && typeof raw === "object" ? merge(base, raw) : base;
        perModel.set(model, m);
      }
      return m;
    },
  };
  cache.set(settings, sim);
  return sim;
}
