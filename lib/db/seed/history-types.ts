import type {
  AttemptKind,
  AttemptOutcome,
  DecisionAttemptRecord,
  DecisionRecord,
} from "@/lib/decision-log/decision-record";
import type { FeaturesSummary } from "@/lib/decision-log/features-summary";
import type { CompiledPolicy, ExplainTrace, RouteInfo } from "@/lib/router";
import type { SimulatedModel } from "./catalog";
import type { RoutePlan } from "./routes";
import type { SeedRegistry } from "./seed-engine";

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
  /** The request shapes of its traffic; the engine decides each with `policy`. */
  plans: readonly RoutePlan[];
  policy: CompiledPolicy;
}

export interface HistoryRoute {
  slug: string;
  /** What the engine reads of the route. */
  info: RouteInfo;
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
  /** The registry the engine decides over (public slugs). */
  registry: SeedRegistry;
  routes: readonly HistoryRoute[];
  tenants: readonly HistoryTenant[];
  incidents: readonly HistoryIncident[];
  /** Prefix of request ids, unique per seeded namespace. */
  requestIdPrefix: string;
}

/*
 * Historic rows are the gateway's record types (lib/decision-log/decision-record.ts), so the two
 * cannot drift, with representation changes for bulk generation: times are epoch ms and costs are
 * integers in units of 1e-8 USD (the scale of `Decimal(14, 8)`), so sums are exact.
 */

/** One attempt; a seeded history makes no retries, hedges or cancellations. */
export type HistoricAttempt = Omit<
  DecisionAttemptRecord,
  "startedAt" | "costUsd" | "kind" | "outcome" | "gate"
> & {
  id: string;
  kind: Extract<AttemptKind, "attempt" | "fallback" | "escalation">;
  outcome: Exclude<AttemptOutcome, "cancelled">;
  startedAt: number;
  costUnits: number;
  /** The gate results of a cascade stage, as the gateway records them. */
  gate: Record<string, unknown>[] | null;
};

/** Set by the bulk SQL for every row (`isDemo`, savings) or never seeded (content, estimates). */
type SetBySql = "usageEstimated" | "content" | "isDemo" | "savingsUsd";
/** Fields the seed represents differently, or narrower: every row has a tenant, key, version. */
type Redefined =
  | "createdAt"
  | "costUsd"
  | "baselineCostUsd"
  | "tenantId"
  | "apiKeyId"
  | "endUserId"
  | "policyVersionId"
  | "policyVersion"
  | "features"
  | "trace"
  | "gateResults"
  | "promptHash"
  | "attempts";

export type HistoricDecision = Omit<DecisionRecord, SetBySql | Redefined> & {
  createdAt: number;
  costUnits: number;
  baselineCostUnits: number;
  tenantId: string;
  apiKeyId: string;
  endUserId: string;
  policyVersionId: string;
  policyVersion: number;
  /** The same contract as the gateway's (`summarizeFeatures`). */
  features: FeaturesSummary;
  /** The engine's own explain trace. */
  trace: ExplainTrace;
  gateResults: Record<string, unknown>[];
  promptHash: string;
  attempts: HistoricAttempt[];
};

/** 1e-8 USD units → a decimal string with 8 places (exact; no float rounding). */
export function formatUnits(units: number): string {
  const sign = units < 0 ? "-" : "";
  const abs = Math.abs(Math.round(units));
  const whole = Math.floor(abs / 1e8);
  const frac = String(abs % 1e8).padStart(8, "0");
  return `${sign}${whole}.${frac}`;
}
