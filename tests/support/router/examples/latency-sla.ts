import type { PolicyDocumentInput } from "@/lib/schemas/policy";

/** Interactive traffic: cheapest model whose observed p95 meets 1.5 s; batch: cheapest. */
export const latencySlaPolicy: PolicyDocumentInput = {
  schemaVersion: 1,
  description: "Latency SLA from observed p95 (declared latency until observed).",
  rules: [
    {
      id: "interactive",
      when: { type: "metadata", field: "latencyClass", equals: "interactive" },
      then: { strategy: "latency_sla", p95Ms: 1500, minTier: "small" },
    },
  ],
  default: { strategy: "cheapest" },
};
