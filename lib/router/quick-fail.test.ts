import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Condition, PolicyDocumentInput } from "@/lib/schemas/policy";
import { decideRoute } from "./decide";
import {
  buildTestFeatures,
  buildTestSnapshot,
  createTestContext,
} from "@/tests/support/router/testing";
import type { RoutingSnapshot } from "./snapshot-types";

/** The same snapshot with every rule's trace-free shortcut turned off (full tracing only). */
function withoutShortcuts(snapshot: RoutingSnapshot): RoutingSnapshot {
  const policy = snapshot.route.policy!;
  return {
    ...snapshot,
    route: {
      ...snapshot.route,
      policy: { ...policy, rules: policy.rules.map((r) => ({ ...r, quickFail: null })) },
    },
  };
}

const leaf = fc.oneof(
  fc
    .constantFrom("faq", "billing", "legal")
    .map((v): Condition => ({ type: "metadata", field: "task", equals: v })),
  fc
    .constantFrom("vip", "free")
    .map((v): Condition => ({ type: "metadata", field: "userTier", in: [v, "pro"] })),
  fc.constantFrom("beta", "eu").map((t): Condition => ({ type: "tag", anyOf: [t] })),
  fc
    .integer({ min: 0, max: 40 })
    .map((n): Condition => ({ type: "numeric", field: "inputTokens", op: "gt", value: n })),
  fc.constantFrom("ok", "soft").map((s): Condition => ({ type: "budget", state: [s] })),
);
const condition: fc.Arbitrary<Condition> = fc.oneof(
  leaf,
  fc
    .array(leaf, { minLength: 1, maxLength: 3 })
    .map((c): Condition => ({ type: "all", conditions: c })),
  fc
    .array(leaf, { minLength: 1, maxLength: 3 })
    .map((c): Condition => ({ type: "any", conditions: c })),
  leaf.map((c): Condition => ({ type: "not", condition: c })),
);

describe("trace-free rule shortcut", () => {
  it("gives exactly the decision and trace of full evaluation", () => {
    fc.assert(
      fc.property(
        fc.array(condition, { minLength: 1, maxLength: 12 }),
        fc.constantFrom("faq", "billing", "legal", "other"),
        fc.constantFrom("vip", "free", "pro"),
        fc.subarray(["beta", "eu"]),
        fc.constantFrom("hi", "a somewhat longer question about an invoice and a refund"),
        (conditions, task, userTier, tags, text) => {
          const policy: PolicyDocumentInput = {
            schemaVersion: 1,
            rules: conditions.map((when, i) => ({
              id: `r${i}`,
              when,
              then: { strategy: "single", model: "gpt-4o-mini" },
            })),
            default: { strategy: "single", model: "gpt-4o" },
          };
          const snapshot = buildTestSnapshot({ policy });
          const features = buildTestFeatures(text, {}, { task, userTier, tags });
          const fast = decideRoute(features, snapshot, createTestContext(7));
          const full = decideRoute(features, withoutShortcuts(snapshot), createTestContext(7));
          expect(fast).toEqual(full);
        },
      ),
      { numRuns: 300 },
    );
  });
});
