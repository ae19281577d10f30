/**
 * Records what the engine read besides the features (`ReplayInputs`, lib/decision-log) while it
 * decides, so the console's dry run can replay the decision exactly. The engine stays pure: the
 * recorder wraps the injected context (clock, random source, scorer, token counter) and reads the
 * snapshot and the trace afterwards.
 */
import type { ReplayInputs } from "@/lib/decision-log/replay-inputs";
import type { Condition, PolicyDocument } from "@/lib/schemas/policy";
import {
  type CompiledPolicy,
  type ModelHealth,
  type RequestFeatures,
  type RoutingContext,
  type RoutingDecision,
  type TenantSnapshot,
} from "@/lib/router";

export interface ReplayRecorder {
  context: RoutingContext;
  /** The inputs the decision used (call once, after the engine decided). */
  finish(
    decision: RoutingDecision,
    tenant: TenantSnapshot,
    health: ReadonlyMap<string, ModelHealth>,
    features: RequestFeatures,
    policy: CompiledPolicy | null,
    contentInspection: boolean,
  ): ReplayInputs;
}

export function createReplayRecorder(base: RoutingContext): ReplayRecorder {
  const out: ReplayInputs = {};
  const counter = base.countTokens;
  const context: RoutingContext = {
    now: () => (out.now = base.now()),
    random: () => {
      const value = base.random();
      (out.draws ??= []).push(value);
      return value;
    },
    ...(base.scorer ? { scorer: base.scorer } : {}),
    ...(counter
      ? {
          countTokens: (text, family) => {
            const count = counter(text, family);
            (out.tokens ??= {})[family] = count;
            return count;
          },
        }
      : {}),
  };
  return {
    context,
    finish(decision, tenant, health, features, policy, contentInspection) {
      if (tenant.budget.state !== "ok" || tenant.budget.fractionSpent !== 0) {
        out.budget = { ...tenant.budget };
      }
      if (tenant.modelAllowlist.length > 0) out.allowlist = [...tenant.modelAllowlist];
      const open = [
        ...new Set(
          decision.trace.dropped.filter((d) => d.reason === "breaker_open").map((d) => d.model),
        ),
      ];
      if (open.length > 0) out.open = open;
      // A route's learned scorer comes from the snapshot, not the context: read what banding
      // used from the trace, which carries the exact value, the scorer's name and version.
      const detail = decision.trace.strategyDetail;
      if (decision.trace.strategy === "score_band" && typeof detail.score === "number") {
        out.score = {
          value: detail.score,
          scorer: String(detail.scorer),
          ...(typeof detail.scorerVersion === "number" ? { version: detail.scorerVersion } : {}),
        };
      }
      if (decision.trace.strategy === "latency_sla") {
        const p95: Record<string, number> = {};
        for (const [slug, h] of health) if (h.p95LatencyMs !== null) p95[slug] = h.p95LatencyMs;
        if (Object.keys(p95).length > 0) out.p95 = p95;
      }
      if (policy?.readsContent && contentInspection) {
        const terms = findTerms(policy, features);
        if (terms.length > 0) out.terms = terms;
      }
      return out;
    },
  };
}

const KEYWORDS = new WeakMap<PolicyDocument, { word: string; caseSensitive: boolean }[]>();

function collect(c: Condition, into: { word: string; caseSensitive: boolean }[]): void {
  if (c.type === "all" || c.type === "any") for (const part of c.conditions) collect(part, into);
  else if (c.type === "not") collect(c.condition, into);
  else if (c.type === "keywords") {
    for (const word of c.anyOf) into.push({ word, caseSensitive: c.caseSensitive === true });
  }
}

/** The active policy's keywords the prompt contains (read as the engine reads it). */
function findTerms(policy: CompiledPolicy, features: RequestFeatures): string[] {
  let words = KEYWORDS.get(policy.document);
  if (!words) {
    words = [];
    for (const rule of policy.document.rules) if (rule.enabled) collect(rule.when, words);
    KEYWORDS.set(policy.document, words);
  }
  if (words.length === 0) return [];
  const raw = features.content.text().slice(0, policy.settings.maxScanChars);
  const lower = raw.toLowerCase();
  const found = words.filter((k) =>
    k.caseSensitive ? raw.includes(k.word) : lower.includes(k.word.toLowerCase()),
  );
  return [...new Set(found.map((k) => k.word))];
}
