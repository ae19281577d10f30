import type { PolicyDocumentInput } from "@/lib/schemas/policy";

/** Canary: 10% of end users (sticky) try Claude Sonnet instead of GPT-4o. */
export const weightedSplitPolicy: PolicyDocumentInput = {
  schemaVersion: 1,
  description: "A/B canary, sticky by end-user id.",
  rules: [],
  default: {
    strategy: "weighted",
    variants: [
      { model: "gpt-4o", weight: 90 },
      { model: "claude-sonnet", weight: 10 },
    ],
  },
};
