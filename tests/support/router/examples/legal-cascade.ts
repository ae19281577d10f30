import type { PolicyDocumentInput } from "@/lib/schemas/policy";

const REFUSALS = ["^i('| a)m (sorry|unable)", "i can(no|')t (help|assist)", "as an ai"];

/** Legal drafting: try a small model first, escalate on low confidence or a refusal. */
export const legalCascadePolicy: PolicyDocumentInput = {
  schemaVersion: 1,
  description: "Cascade small → large → frontier; a confidence gate (mean logprob) escalates.",
  rules: [
    {
      id: "legal-cascade",
      when: { type: "metadata", field: "task", in: ["legal", "contract_review"] },
      then: {
        strategy: "cascade",
        stages: [
          {
            model: "gpt-4o-mini",
            timeoutMs: 20_000,
            gates: {
              nonEmpty: true,
              minLength: 200,
              refusalPatterns: REFUSALS,
              minMeanLogprob: -0.35,
            },
          },
          {
            model: "claude-sonnet",
            timeoutMs: 45_000,
            gates: {
              nonEmpty: true,
              minLength: 200,
              refusalPatterns: REFUSALS,
              minMeanLogprob: -0.6,
            },
          },
          { model: "o3", timeoutMs: 120_000, gates: { nonEmpty: true } },
        ],
      },
    },
  ],
  default: { strategy: "single", model: "gpt-4o" },
};
