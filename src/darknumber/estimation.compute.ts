/**
 * @module estimation.compute
 * One estimation as a pure function of its input (the capture table as CSV, the stratum column and
 * the estimator's options), so that it can run in a worker thread: a 1,000-replicate bootstrap takes
 * seconds of CPU, and on the server's own thread that would stall every other request — the signal
 * desk and the anonymous intake included.
 */
import { parseCaptureCsv, poolStrata } from "../estimation/csv";
import { type EstimateOptions, estimatePopulation } from "../estimation/estimate";
import type { EstimateResult } from "../estimation/estimation.schema";
import { estimateStratified } from "../estimation/stratified";

export type EstimationJob = { csv: string; stratify: string | undefined; options: EstimateOptions };

export function computeEstimation({ csv, stratify, options }: EstimationJob): EstimateResult {
  const parsed = parseCaptureCsv(csv, stratify ? { stratify } : {});
  // Strata (a linked table's covariates, or a chosen column) are pooled unless asked for.
  return stratify
    ? estimateStratified(
        parsed.strata.map((s) => ({ name: s.name, table: s.table })),
        options,
      )
    : estimatePopulation(poolStrata(parsed), options);
}
