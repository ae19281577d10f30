import type { PolicyDocumentInput } from "@/lib/schemas/policy";

/** Multi-provider fallback: a shared chain for interactive traffic, an inline one for batch. */
export const multiProviderFallbackPolicy: PolicyDocumentInput = {
  schemaVersion: 1,
  description: "OpenAI first, Anthropic on timeouts, 5xx and rate limits.",
  rules: [
    {
      id: "batch",
      when: { type: "metadata", field: "latencyClass", equals: "batch" },
      then: {
        strategy: "fallback",
        steps: [
          { model: "gpt-4.1-mini", timeoutMs: 120_000, maxRetries: 2 },
          { model: "claude-haiku", timeoutMs: 120_000, maxRetries: 1 },
        ],
        triggers: ["timeout", "connect", "server_error", "rate_limited"],
        deadlineMs: 600_000,
      },
    },
  ],
  default: { strategy: "fallback", chain: "openai-then-anthropic" },
};
