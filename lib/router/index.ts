/**
 * Public surface of the routing engine: the only entry into lib/router from outside it (tests and
 * fixtures included), so the engine's file layout can change without touching its callers.
 */
export { compilePolicy, PolicyCompileError } from "./compile";
export type { CompiledPolicy } from "./compiled-types";
export { computeCostUsd, estimateWorstCaseCostUsd, type TokenUsage } from "./cost";
export { decideDirectModel, decideRoute } from "./decide";
export type {
  ConditionTrace,
  DropReason,
  DroppedCandidate,
  ExplainTrace,
  HedgeTrace,
  OverrideKind,
  PlanStep,
  RejectionError,
  RoutingDecision,
  RoutingPlan,
  RuleTrace,
  StrategyKind,
} from "./decision-types";
export { extractFeatures, type ClientMetadataInput } from "./features";
export type { ClientMetadata, ContentAccessor, RequestFeatures } from "./features-types";
export type { GateName, GateResult, GateSpec, StageAnswer } from "./gate-types";
export { checkGatesPassed, evaluateGates } from "./gates";
export { hashToUnit } from "./hash";
export { validateJsonSchema } from "./json-schema";
export { heuristicScorer } from "./scorer";
export type { RollbackToggle, RouteInfo, RouteSnapshot, RoutingSnapshot } from "./snapshot-types";
export {
  type BreakerState,
  type BudgetState,
  type DifficultyScorer,
  type FallbackChain,
  type FallbackChainStep,
  type ModelHealth,
  type ModelPricing,
  type RegistryModel,
  type RegistrySnapshot,
  type RoutingContext,
  type TenantSnapshot,
} from "./types";
