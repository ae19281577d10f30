import type { PolicyDocumentInput } from "@/lib/schemas/policy";

/** Support triage: FAQ to a small model, disputes to a strong one. Needs content inspection. */
export const supportTriagePolicy: PolicyDocumentInput = {
  schemaVersion: 1,
  description: "FAQ and how-to questions go to a small model; billing disputes to a strong one.",
  rules: [
    {
      id: "disputes",
      description: "Chargebacks, disputes and legal threats need the strongest answer.",
      when: {
        type: "any",
        conditions: [
          { type: "metadata", field: "task", equals: "dispute" },
          { type: "keywords", anyOf: ["chargeback", "dispute", "lawyer", "fraud"] },
          { type: "regex", pattern: "charged (twice|two times)" },
        ],
      },
      then: { strategy: "single", model: "claude-sonnet", fallbacks: ["gpt-4o"] },
    },
    {
      id: "faq",
      when: {
        type: "any",
        conditions: [
          { type: "metadata", field: "task", in: ["faq", "how_to"] },
          { type: "tag", anyOf: ["faq"] },
        ],
      },
      then: { strategy: "single", model: "gpt-4o-mini", fallbacks: ["claude-haiku"] },
    },
  ],
  default: { strategy: "single", model: "gpt-4.1-mini", fallbacks: ["gpt-4o-mini"] },
};
