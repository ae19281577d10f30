/** The demo's named fallback chains; model references are catalog keys. */
export interface SeedChain {
  key: string;
  name: string;
  description: string;
  triggers: string[];
  deadlineMs: number;
  steps: { model: string; timeoutMs: number }[];
}

export const SEED_CHAINS: readonly SeedChain[] = [
  {
    key: "frontier-multi",
    name: "Frontier, across vendors",
    description: "Claude Sonnet 4, then GPT-4.1, then GPT-4o: survives one vendor's outage.",
    triggers: ["timeout", "connect", "server_error", "rate_limited"],
    deadlineMs: 120_000,
    steps: [
      { model: "claude-sonnet-4", timeoutMs: 60_000 },
      { model: "gpt-4.1", timeoutMs: 45_000 },
      { model: "gpt-4o", timeoutMs: 45_000 },
    ],
  },
  {
    key: "small-fast",
    name: "Small and fast",
    description: "Cheap models with short timeouts for batch extraction.",
    triggers: ["timeout", "connect", "server_error", "rate_limited", "stream_interrupted"],
    deadlineMs: 30_000,
    steps: [
      { model: "gpt-4o-mini", timeoutMs: 10_000 },
      { model: "claude-3-5-haiku", timeoutMs: 10_000 },
      { model: "gpt-4.1-nano", timeoutMs: 10_000 },
    ],
  },
];
