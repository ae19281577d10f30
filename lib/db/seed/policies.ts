import type { PolicyDocumentInput } from "@/lib/schemas/policy";
import type { SeedNames } from "./names";

/**
 * The demo routes' policy documents (lib/schemas/policy.ts), one per strategy kind. They match
 * the plans of routes.ts rule for rule. Model and chain references are namespaced like every
 * other slug. `support` has two versions: v1 (a single model) and the active v2 (a cascade).
 */
export interface SeedPolicyVersion {
  version: number;
  comment: string;
  document: PolicyDocumentInput;
}

const MOVE_ON = ["timeout", "connect", "server_error", "rate_limited"] as const;
const REFUSALS = ["^I'?m sorry, but I can(no|')t", "^As an AI( language)? model"];

export function buildPolicyVersions(routeKey: string, names: SeedNames): SeedPolicyVersion[] {
  const m = (key: string) => names.slug(key);
  const single = (model: string, ...fallbacks: string[]) => ({
    strategy: "single" as const,
    model: m(model),
    ...(fallbacks.length > 0 ? { fallbacks: fallbacks.map(m) } : {}),
  });
  const v1 = (description: string, doc: Omit<PolicyDocumentInput, "schemaVersion">) => [
    {
      version: 1,
      comment: "Initial policy (seed)",
      document: { schemaVersion: 1 as const, description, ...doc },
    },
  ];

  switch (routeKey) {
    case "auto":
      return v1("Rules for long context, code and images; otherwise a cheap-first cascade.", {
        rules: [
          {
            id: "long-context",
            description: "Prompts past 100k tokens",
            when: { type: "numeric", field: "inputTokens", op: "gt", value: 100_000 },
            then: single("gpt-4.1", "claude-sonnet-4"),
          },
          {
            id: "code",
            when: { type: "metadata", field: "task", equals: "code" },
            then: single("gpt-4.1-mini", "claude-3-5-haiku"),
          },
          {
            id: "vision",
            when: { type: "capabilities", requires: ["vision"] },
            then: single("gpt-4o", "claude-sonnet-4"),
          },
        ],
        default: {
          strategy: "cascade",
          stages: [
            {
              model: m("gpt-4o-mini"),
              timeoutMs: 15_000,
              gates: { nonEmpty: true, minLength: 20, refusalPatterns: REFUSALS },
            },
            { model: m("gpt-4o"), gates: {} },
          ],
        },
      });
    case "support": {
      const description = "Support answers; VIP users go straight to Claude Sonnet 4.";
      const vip = {
        id: "vip",
        when: { type: "metadata" as const, field: "userTier" as const, equals: "vip" },
        then: single("claude-sonnet-4", "gpt-4o"),
      };
      return [
        {
          version: 1,
          comment: "Initial policy: GPT-4o for everything",
          document: {
            schemaVersion: 1,
            description,
            rules: [],
            default: single("gpt-4o", "claude-sonnet-4"),
          },
        },
        {
          version: 2,
          comment: "Cheap first: GPT-4o mini, escalate to Claude Sonnet 4 on failed gates",
          document: {
            schemaVersion: 1,
            description,
            rules: [vip],
            default: {
              strategy: "cascade",
              stages: [
                {
                  model: m("gpt-4o-mini"),
                  timeoutMs: 15_000,
                  gates: { nonEmpty: true, minLength: 40, refusalPatterns: REFUSALS },
                },
                { model: m("claude-sonnet-4"), gates: {} },
              ],
            },
          },
        },
      ];
    }
    case "legal":
      return v1("Frontier models only; privileged matters go to Claude Opus 4.", {
        rules: [
          {
            id: "privileged",
            when: { type: "keywords", anyOf: ["privileged", "attorney-client", "litigation hold"] },
            then: single("claude-opus-4", "claude-sonnet-4"),
          },
        ],
        default: { strategy: "fallback", chain: m("frontier-multi") },
      });
    case "extraction":
      return v1("Structured output at the lowest price.", {
        rules: [
          {
            id: "long-document",
            when: { type: "numeric", field: "inputTokens", op: "gt", value: 32_000 },
            then: single("gpt-4.1-mini", "gpt-4.1"),
          },
          {
            id: "batch",
            when: { type: "tag", anyOf: ["batch"] },
            then: {
              strategy: "fallback",
              chain: m("small-fast"),
              triggers: [...MOVE_ON, "stream_interrupted"],
            },
          },
        ],
        default: { strategy: "cheapest", capabilities: ["json_schema"] },
      });
    case "canary":
      return v1("Canary: 10% of end users on GPT-4.1 mini.", {
        rules: [],
        default: {
          strategy: "weighted",
          variants: [
            { model: m("gpt-4o-mini"), weight: 90 },
            { model: m("gpt-4.1-mini"), weight: 10 },
          ],
        },
      });
    case "score-band":
      return v1("Difficulty picks the tier.", {
        rules: [],
        default: {
          strategy: "score_band",
          bands: [
            { upTo: 0.4, tier: "small" },
            { upTo: 0.75, tier: "medium" },
            { upTo: 1, tier: "large" },
          ],
        },
      });
    case "latency-sla":
      return v1("Cheapest tool-capable model within the latency SLA.", {
        rules: [
          {
            id: "interactive",
            when: { type: "metadata", field: "latencyClass", equals: "interactive" },
            then: {
              strategy: "latency_sla",
              p95Ms: 800,
              capabilities: ["tools"],
              minTier: "medium",
            },
          },
        ],
        default: { strategy: "latency_sla", p95Ms: 1500, capabilities: ["tools"] },
      });
    case "cheapest-capable":
      return v1("Cheapest model with the needed capabilities, medium tier or better.", {
        rules: [
          {
            id: "reasoning",
            when: { type: "tag", anyOf: ["reasoning"] },
            then: { strategy: "cheapest", capabilities: ["reasoning"] },
          },
        ],
        default: { strategy: "cheapest", capabilities: ["tools", "vision"], minTier: "medium" },
      });
    case "budget-aware":
      return v1("GPT-4o until the tenant passes its soft budget threshold.", {
        settings: { softBudget: "ignore" },
        rules: [
          {
            id: "over-soft-budget",
            when: { type: "budget", state: ["soft"] },
            then: single("gpt-4o-mini", "gpt-4.1-nano"),
          },
        ],
        default: single("gpt-4o", "claude-sonnet-4"),
      });
    default:
      throw new Error(`no seed policy for route "${routeKey}"`);
  }
}
