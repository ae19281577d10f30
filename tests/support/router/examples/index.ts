/** Example policies for the seeds' patterns, keyed by a suggested route slug. */
import type { PolicyDocumentInput } from "@/lib/schemas/policy";
import { budgetAwarePolicy } from "./budget-aware";
import { cheapestCapablePolicy } from "./cheapest-capable";
import { extractionPolicy } from "./extraction";
import { latencySlaPolicy } from "./latency-sla";
import { legalCascadePolicy } from "./legal-cascade";
import { multiProviderFallbackPolicy } from "./multi-provider-fallback";
import { scoreBandPolicy } from "./score-band";
import { supportTriagePolicy } from "./support-triage";
import { weightedSplitPolicy } from "./weighted-split";

export { exampleChains, exampleModels } from "./registry";

/** Every example policy by suggested route slug. */
export const examplePolicies: Readonly<Record<string, PolicyDocumentInput>> = {
  support: supportTriagePolicy,
  legal: legalCascadePolicy,
  extraction: extractionPolicy,
  resilient: multiProviderFallbackPolicy,
  budget: budgetAwarePolicy,
  canary: weightedSplitPolicy,
  auto: scoreBandPolicy,
  interactive: latencySlaPolicy,
  agents: cheapestCapablePolicy,
};

export {
  budgetAwarePolicy,
  cheapestCapablePolicy,
  extractionPolicy,
  latencySlaPolicy,
  legalCascadePolicy,
  multiProviderFallbackPolicy,
  scoreBandPolicy,
  supportTriagePolicy,
  weightedSplitPolicy,
};
