import type { PolicyDocumentInput } from "@/lib/schemas/policy";

/** Difficulty bands: the heuristic scorer picks a tier, the cheapest model of it serves. */
export const scoreBandPolicy: PolicyDocumentInput = {
  schemaVersion: 1,
  description: "Easy → small, moderate → medium, hard → large.",
  rules: [],
  default: {
    strategy: "score_band",
    bands: [
      { upTo: 0.35, tier: "small" },
      { upTo: 0.7, tier: "medium" },
      { upTo: 1, tier: "large" },
    ],
  },
};
