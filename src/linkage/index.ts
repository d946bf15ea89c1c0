/**
 * @module linkage
 * Public API of the privacy-preserving record linkage library (see README.md): clkhash-compatible CLK
 * encoding, anonlink-compatible Dice matching and greedy solving, capture histories for the estimator,
 * a synthetic data generator and quality metrics.
 */

export { Blake2bKeyed, blake2b } from "./blake2b";
export {
  type ClkEncoder,
  clkToBase64,
  createEncoder,
  deriveFeatureKeys,
  type FieldDetails,
  foldXor,
  hkdf,
  tokenize,
} from "./clk";
export { type CsvRow, formatCsv, parseCsv } from "./csv";
export {
  type Blocks,
  bitBlocks,
  type CandidatePairs,
  decodeClks,
  diceCoefficient,
  type FilterSet,
  findCandidatePairs,
  packFilters,
} from "./dice";
export { createParallelRowMatcher } from "./dice.parallel";
export { checkHeader, encodeCsvText, type HeaderMode } from "./encode";
export { isLinkageError, LINKAGE_ERROR_CODES, LinkageError, type LinkageErrorCode } from "./errors";
export {
  formatCandidatesCsv,
  formatClksJson,
  formatGroupsJson,
  parseClksJson,
  parseGroupsJson,
  writeFilesAtomic,
} from "./files";
export {
  buildHistoryTable,
  captureHistoryCounts,
  type DisplayTable,
  formatDisplayTable,
  formatHistoryCsv,
  type HistoryTable,
  suppressSmallCells,
} from "./histories";
export { type LinkageSchema, parseLinkageSchema, parseLinkageSchemaText } from "./linkage.schema";
export { evaluateLinkage, scores, type ThresholdMetrics, type TruthRecord, truePairs } from "./quality";
export {
  canonicalGroups,
  type Group,
  greedySolve,
  probabilisticGreedySolve,
  type RecordRef,
  solve,
  transitiveSolve,
} from "./solve";
export {
  generatePopulation,
  PROFILES,
  registerPerson,
  SYNTH_COLUMNS,
  SYNTH_COVARIATES,
  synthesize,
  truthRows,
} from "./synth";
