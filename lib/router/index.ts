/** Public surface of the routing engine. */
export { compilePolicy, PolicyCompileError } from "./compile";
export type { CompiledPolicy } from "./compiled-types";
export { computeCostUsd, estimateWorstCaseCostUsd, type TokenUsage } from "./cost";
export { decideDirectModel, decideRoute } from "./decide";
export { extractFeatures, summarizeFeatures, type ClientMetadataInput } from "./features";
export type { ClientMetadata, ContentAccessor, Priority, LatencyClass } from "./features-types";
export type { GateName, GateResult, GateSpec, StageAnswer } from "./gate-types";
export { checkGatesPassed, evaluateGates } from "./gates";
export { hashToUnit } from "./hash";
export { validateJsonSchema } from "./json-schema";
export type { ChatCompletionRequest, ChatMessage, JsonSchema } from "./openai-request";
export { findRegexHazard } from "./regex-guard";
export { heuristicScorer } from "./scorer";
export { estimateTextTokens, loadTokenCounter, type TokenCounter } from "./tokens";
export * from "./types";
