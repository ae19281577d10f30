import type { SimulatedModel } from "./catalog";
import type { RoutePlan } from "./routes";
import type { DecisionStatus } from "@/lib/vocabulary";

/** A model as the history generator prices and times it. */
export interface HistoryModel {
  /** Public (possibly namespaced) slug written to decisions. */
  slug: string;
  /** Provider slug written to attempts. */
  provider: string;
  inputPrice: number;
  outputPrice: number;
  cachedInputPrice: number | null;
  sim: SimulatedModel;
}

/** One policy version of a route and the plans its traffic follows from `fromMs` on. */
export interface HistoryVersion {
  id: string;
  version: number;
  fromMs: number;
  plans: readonly RoutePlan[];
}

export interface HistoryRoute {
  slug: string;
  /** Catalog key of the baseline model. */
  baseline: string;
  traffic: number;
  /** Sorted by `fromMs`. */
  versions: readonly HistoryVersion[];
}

export interface HistoryTenant {
  id: string;
  apiKeyId: string;
  weight: number;
  /** From this time on the tenant is past its soft budget threshold (budget-aware routing). */
  softFromMs: number | null;
}

/** A window in which one provider's attempts fail far more often. */
export interface HistoryIncident {
  provider: string;
  fromMs: number;
  toMs: number;
  failureRate: number;
}

/** Everything the pure generator needs; equal specs give equal histories. */
export interface HistorySpec {
  seed: string;
  /** History ends at the start of the hour containing `endMs` (the current hour stays empty). */
  endMs: number;
  days: number;
  decisionsPerDay: number;
  /** Catalog key → model. */
  models: ReadonlyMap<string, HistoryModel>;
  routes: readonly HistoryRoute[];
  tenants: readonly HistoryTenant[];
  incidents: readonly HistoryIncident[];
  /** Prefix of request ids, unique per seeded namespace. */
  requestIdPrefix: string;
}

/** Costs are integers in units of 1e-8 USD (the scale of `Decimal(14, 8)`), so sums are exact. */
export interface HistoricAttempt {
  id: string;
  position: number;
  kind: "attempt" | "fallback" | "escalation";
  model: string;
  provider: string;
  startedAt: number;
  ttftMs: number | null;
  durationMs: number;
  outcome: "success" | "error" | "gate_failed" | "mid_stream_failure";
  errorClass: string | null;
  httpStatus: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUnits: number;
  gate: Record<string, unknown> | null;
}

/** The shape of `summarizeFeatures` in lib/router/features.ts. */
export interface HistoricFeatures {
  estimatedInputTokens: number;
  overheadTokens: number;
  maxOutputTokens: number | null;
  messageCount: number;
  conversationTurns: number;
  hasTools: boolean;
  hasImages: boolean;
  responseFormat: "text" | "json_schema";
  stream: boolean;
  requiredCapabilities: string[];
  metadata: {
    task: string;
    userTier: string | null;
    latencyClass: string | null;
    tags: string[];
    endUserId: string;
    priority: "normal";
  };
  hasJsonSchema: boolean;
}

export type HistoricStatus = DecisionStatus;

export interface HistoricDecision {
  id: string;
  requestId: string;
  createdAt: number;
  tenantId: string;
  apiKeyId: string;
  endUserId: string;
  routeSlug: string;
  policyVersionId: string;
  policyVersion: number;
  ruleMatched: string | null;
  strategy: string;
  features: HistoricFeatures;
  trace: Record<string, unknown>;
  gateResults: Record<string, unknown>[];
  escalated: boolean;
  fellBack: boolean;
  streamed: boolean;
  finalModel: string | null;
  finalProvider: string | null;
  status: HistoricStatus;
  errorClass: string | null;
  httpStatus: number;
  latencyMs: number;
  ttftMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUnits: number;
  baselineCostUnits: number;
  promptHash: string;
  attempts: HistoricAttempt[];
}

/** 1e-8 USD units → a decimal string with 8 places (exact; no float rounding). */
export function formatUnits(units: number): string {
  const sign = units < 0 ? "-" : "";
  const abs = Math.abs(Math.round(units));
  const whole = Math.floor(abs / 1e8);
  const frac = String(abs % 1e8).padStart(8, "0");
  return `${sign}${whole}.${frac}`;
}
