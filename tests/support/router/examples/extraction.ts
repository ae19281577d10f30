import type { PolicyDocumentInput } from "@/lib/schemas/policy";

/** Structured extraction: a small model first; escalate when the JSON fails the schema. */
export const extractionPolicy: PolicyDocumentInput = {
  schemaVersion: 1,
  description: "Schema-gated escalation for JSON extraction.",
  rules: [
    {
      id: "schema-extraction",
      when: { type: "capabilities", requires: ["json_schema"] },
      then: {
        strategy: "cascade",
        stages: [
          { model: "gpt-4o-mini", gates: { nonEmpty: true, json: true, jsonSchema: true } },
          { model: "gpt-4o", gates: { json: true, jsonSchema: true } },
        ],
      },
    },
    {
      id: "loose-json",
      when: { type: "capabilities", requires: ["json"] },
      then: {
        strategy: "cascade",
        stages: [
          { model: "gpt-4o-mini", gates: { json: true, requiredFields: ["fields"] } },
          { model: "claude-sonnet", gates: { json: true } },
        ],
      },
    },
  ],
  default: { strategy: "single", model: "gpt-4o-mini" },
};
