import type { PolicyDocumentInput } from "@/lib/schemas/policy";

/** Budget-aware downgrade: past 80% spend only critical work gets the large model. */
export const budgetAwarePolicy: PolicyDocumentInput = {
  schemaVersion: 1,
  description: "Cheapest capable model once 80% of the budget is spent; soft state downgrades.",
  settings: { softBudget: "downgrade", downgradeMinTier: "small" },
  rules: [
    {
      id: "nearly-spent",
      when: {
        type: "all",
        conditions: [
          { type: "budget", fractionSpent: { op: "gte", value: 0.8 } },
          { type: "not", condition: { type: "metadata", field: "priority", equals: "critical" } },
        ],
      },
      then: { strategy: "cheapest", minTier: "small" },
    },
  ],
  default: { strategy: "single", model: "gpt-4o", fallbacks: ["claude-sonnet"] },
};
