/**
 * Public API of the dark-number estimation library (multiple-systems estimation).
 * See README.md in this folder.
 */

export { aicStepwiseSelect } from "./aic-stepwise";
export { bicSearch, defaultBicMaxOrder, defaultNtop } from "./bic";
export { bcaLimits, jackknifeAcceleration, quantileType8 } from "./bootstrap";
export {
  buildCaptureTable,
  type CaptureTable,
  countOverlappingTriples,
  findNonInformativeLists,
  MAX_LISTS,
  type NonInformativeList,
} from "./capture-table";
export { type ParsedCsv, parseCaptureCsv, parseCaptureTable, poolStrata } from "./csv";
export {
  decomposableGraphs,
  dgaPosterior,
  discreteQuantiles,
  interpolatedQuantiles,
  posteriorMean,
} from "./dga";
export { EstimationError, type EstimationErrorCode } from "./errors";
export { DEFAULTS, defaultCi, type EstimateOptions, estimatePopulation } from "./estimate";
export * from "./estimation.schema";
export { enumerateHierarchicalModels, formatModel, hierarchicalClosure, parseModel } from "./hierarchy";
export { lcmcrPosterior, quantileType7 } from "./lcmcr";
export { checkModel, fitLoglinear, forcedZeroCells } from "./loglinear";
export { cellData, lognormalInterval } from "./model-fit";
export { profileInterval } from "./profile";
export { formatCount, formatReport } from "./report";
export { createRng } from "./rng";
export { standardModels } from "./standard-models";
export { stepwiseSelect } from "./stepwise";
export { estimateStratified, type Stratum } from "./stratified";
