import type { StrategyKind } from "@/lib/router";

/**
 * The demo's routes (one per strategy kind) and fallback chains, as data. Model references are
 * catalog keys (see catalog.ts), namespaced when written. `plans` are the request shapes of a
 * route's traffic (size, task, tags, keywords) and the routing they are meant to exercise; the
 * history generator decides each request with the real engine and the policy of policies.ts
 * (seed-engine.ts), so `models`, `dropped` and `detail` document intent, the engine's choice wins.
 */
export interface RoutePlan {
  /** Share of the route's traffic. */
  weight: number;
  /** Rule id of the policy, or null for the default action. */
  rule: string | null;
  strategy: StrategyKind;
  /** Models in the order they are tried: cascade stages, or a model and its fallbacks. */
  models: string[];
  /** Cascades: probability the first stage fails its gates and escalates. */
  escalationRate?: number;
  /** Candidates the filters dropped, as [model key, reason] (for the trace). */
  dropped?: [string, string][];
  /** Extra strategy detail shown in the trace. */
  detail?: Record<string, string | number | boolean>;
  /** Request shape: median input and output tokens. */
  inputTokens: number;
  outputTokens: number;
  task: string;
  tags?: string[];
  /** Plans only taken by tenants over their soft budget threshold. */
  softBudgetOnly?: boolean;
  /** Policy keywords the synthetic prompt contains (it has no other text). */
  terms?: string[];
}

export interface SeedRoute {
  key: string;
  description: string;
  /** Catalog key of the single-model baseline for savings. */
  baseline: string;
  contentInspection: boolean;
  /** Share of all demo traffic. */
  traffic: number;
  plans: RoutePlan[];
  /** Plans of the previous policy version (only routes with a history of versions). */
  previousPlans?: RoutePlan[];
}

type PlanExtra = Partial<Omit<RoutePlan, "weight" | "rule" | "strategy" | "models">>;

/** Compact plan: models as "a > b > c", tokens as [median input, median output]. */
function plan(
  weight: number,
  rule: string | null,
  strategy: StrategyKind,
  models: string,
  [inputTokens, outputTokens]: [number, number],
  task: string,
  extra: PlanExtra = {},
): RoutePlan {
  const list = models.split(">").map((m) => m.trim());
  return { weight, rule, strategy, models: list, inputTokens, outputTokens, task, ...extra };
}

const drop = (...pairs: string[]): [string, string][] =>
  pairs.map((pair) => {
    const [model = "", reason = ""] = pair.split(":");
    return [model, reason];
  });

export const SEED_ROUTES: readonly SeedRoute[] = [
  {
    key: "auto",
    description: "General traffic: rules for long context, code and images; a cascade otherwise.",
    baseline: "gpt-4o",
    contentInspection: false,
    traffic: 0.3,
    plans: [
      plan(
        0.03,
        "long-context",
        "single",
        "gpt-4.1 > claude-sonnet-4",
        [140_000, 700],
        "summarize",
        {
          dropped: drop("gpt-4o:context_window_too_small", "gpt-4o-mini:context_window_too_small"),
        },
      ),
      plan(0.14, "code", "single", "gpt-4.1-mini > claude-3-5-haiku", [1800, 450], "code"),
      plan(0.06, "vision", "single", "gpt-4o > claude-sonnet-4", [1400, 220], "vision", {
        dropped: drop("claude-3-5-haiku:missing_capability"),
      }),
      plan(0.77, null, "cascade", "gpt-4o-mini > gpt-4o", [650, 260], "chat", {
        escalationRate: 0.08,
      }),
    ],
  },
  {
    key: "support",
    description: "Customer support answers: a cheap first try, escalated when it fails the gates.",
    baseline: "gpt-4o",
    contentInspection: false,
    traffic: 0.22,
    plans: [
      plan(0.07, "vip", "single", "claude-sonnet-4 > gpt-4o", [1100, 320], "support", {
        tags: ["vip"],
      }),
      plan(0.93, null, "cascade", "gpt-4o-mini > claude-sonnet-4", [900, 280], "support", {
        escalationRate: 0.09,
      }),
    ],
    previousPlans: [plan(1, null, "single", "gpt-4o > claude-sonnet-4", [900, 280], "support")],
  },
  {
    key: "legal",
    description: "Legal drafting: frontier models, with a fallback chain across vendors.",
    baseline: "claude-opus-4",
    contentInspection: true,
    traffic: 0.06,
    plans: [
      plan(0.2, "privileged", "single", "claude-opus-4 > claude-sonnet-4", [7000, 1100], "legal", {
        terms: ["privileged"],
      }),
      plan(0.8, null, "fallback", "claude-sonnet-4 > gpt-4.1 > gpt-4o", [5000, 900], "legal"),
    ],
  },
  {
    key: "extraction",
    description: "Structured extraction: the cheapest model that supports JSON schema output.",
    baseline: "gpt-4o",
    contentInspection: false,
    traffic: 0.12,
    plans: [
      plan(0.15, "long-document", "single", "gpt-4.1-mini > gpt-4.1", [45_000, 600], "extract"),
      plan(
        0.2,
        "batch",
        "fallback",
        "gpt-4o-mini > claude-3-5-haiku > gpt-4.1-nano",
        [2200, 300],
        "extract",
        {
          tags: ["batch"],
        },
      ),
      plan(0.65, null, "cheapest", "gpt-4.1-nano > gpt-4o-mini", [2500, 320], "extract", {
        dropped: drop("claude-3-5-haiku:missing_capability", "claude-sonnet-4:missing_capability"),
      }),
    ],
  },
  {
    key: "canary",
    description: "A 90/10 canary of GPT-4.1 mini against GPT-4o mini, sticky by end user.",
    baseline: "gpt-4o",
    contentInspection: false,
    traffic: 0.1,
    plans: [
      plan(0.9, null, "weighted", "gpt-4o-mini > gpt-4.1-mini", [700, 240], "chat", {
        detail: { variant: "gpt-4o-mini" },
      }),
      plan(0.1, null, "weighted", "gpt-4.1-mini > gpt-4o-mini", [700, 240], "chat", {
        detail: { variant: "gpt-4.1-mini" },
      }),
    ],
  },
  {
    key: "score-band",
    description: "A difficulty score picks the tier: easy prompts go small, hard ones large.",
    baseline: "claude-sonnet-4",
    contentInspection: false,
    traffic: 0.06,
    plans: [
      plan(0.5, null, "score_band", "gpt-4.1-nano > gpt-4o-mini", [400, 180], "chat", {
        detail: { band: "small" },
      }),
      plan(0.35, null, "score_band", "gpt-4.1-mini > gpt-4o-mini", [1200, 380], "analysis", {
        detail: { band: "medium" },
      }),
      // Hard: a long code task with tools scores above 0.75 (the heuristic of lib/router/scorer.ts).
      plan(0.15, null, "score_band", "gpt-4.1 > claude-sonnet-4", [12_000, 800], "code", {
        detail: { band: "large" },
      }),
    ],
  },
  {
    key: "latency-sla",
    description: "The cheapest tool-capable model whose p95 latency meets the SLA.",
    baseline: "gpt-4o",
    contentInspection: false,
    traffic: 0.06,
    plans: [
      plan(0.3, "interactive", "latency_sla", "gpt-4.1-mini > gpt-4o-mini", [500, 150], "chat", {
        detail: { p95Ms: 800 },
        dropped: drop("gpt-4.1-nano:below_min_tier", "o4-mini:over_latency_sla"),
      }),
      plan(0.7, null, "latency_sla", "gpt-4.1-nano > gpt-4o-mini", [600, 160], "chat", {
        detail: { p95Ms: 1500 },
        dropped: drop("o4-mini:over_latency_sla", "claude-opus-4:over_latency_sla"),
      }),
    ],
  },
  {
    key: "cheapest-capable",
    description: "The cheapest model with the capabilities the request needs.",
    baseline: "gpt-4.1",
    contentInspection: false,
    traffic: 0.04,
    plans: [
      plan(0.3, "reasoning", "cheapest", "o4-mini > claude-sonnet-4", [1500, 1200], "reasoning", {
        tags: ["reasoning"],
        dropped: drop("gpt-4o:missing_capability", "gpt-4.1:missing_capability"),
      }),
      plan(0.7, null, "cheapest", "gpt-4.1-mini > gpt-4o", [1300, 300], "vision", {
        dropped: drop("gpt-4.1-nano:below_min_tier", "claude-3-5-haiku:missing_capability"),
      }),
    ],
  },
  {
    key: "budget-aware",
    description: "GPT-4o normally; GPT-4o mini once a tenant passes its soft budget threshold.",
    baseline: "gpt-4o",
    contentInspection: false,
    traffic: 0.04,
    plans: [
      plan(1, "over-soft-budget", "single", "gpt-4o-mini > gpt-4.1-nano", [800, 250], "chat", {
        softBudgetOnly: true,
      }),
      plan(1, null, "single", "gpt-4o > claude-sonnet-4", [800, 250], "chat"),
    ],
  },
];
