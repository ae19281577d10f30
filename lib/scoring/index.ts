/** Public surface of the learned scorers (issue 15): features, training, serving, evaluation. */
export { fitPlatt, calibrate, type PlattCalibration } from "./calibration";
export { createFeaturizer, DEFAULT_HASH_BITS, SHAPE_FEATURES, type SparseVector } from "./features";
export {
  DEFAULT_LABEL_OPTIONS,
  LABEL_SOURCES,
  evalToLabelled,
  featuresOf,
  passes,
  qualityOf,
  smallTierFails,
  toTrainingExamples,
  type LabelOptions,
  type LabelSource,
  type TrainingExample,
} from "./labels";
export { DEFAULT_LOGISTIC_OPTIONS, type LogisticOptions } from "./logistic";
export { brierScore, logLoss, rocAuc } from "./metrics";
export { LearnedScorerModelSchema, createLearnedScorer, type LearnedScorerModel } from "./model";
export {
  evaluateRouter,
  callsForGap,
  sampleCurve,
  type CurvePoint,
  type RouterEvaluation,
} from "./evaluate";
export {
  compareScorers,
  formatReport,
  promptLengthScorer,
  randomScorer,
  runEvaluation,
  splitExamples,
  type EvaluationOptions,
  type EvaluationReport,
  type ScorerResult,
} from "./report";
export { trainScorer, type TrainOptions } from "./train";
export { parseExampleLine, type ParsedLine } from "./import-lines";
export {
  STRONG_KEYS,
  evaluateHeldOut,
  trainScorerVersion,
  type ScorerVersionOptions,
  type TrainedScorerVersion,
} from "./version";
