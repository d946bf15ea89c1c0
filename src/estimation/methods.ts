/**
 * The model-selection methods, each run on the original data, together with a function
 * that repeats the whole procedure on a bootstrap or jackknife table (used for BCa).
 * See estimate.ts for the method list and their reference implementations.
 */

import { type AicStepwiseResult, aicStepwiseSelect } from "./aic-stepwise";
import { type BicSearchResult, bicSearch } from "./bic";
import { type CaptureTable, popcount, superSetCounts } from "./capture-table";
import { EstimationError } from "./errors";
import type { CandidateModel, EstimateResult, ModelStatus } from "./estimation.schema";
import { formatModel, mainEffectsModel, termName } from "./hierarchy";
import {
  type CellData,
  checkModel,
  fitLoglinear,
  fitWarm,
  forcedZeroCells,
  logFactorialSum,
  startFrom,
} from "./loglinear";
import { type Convergence, checkMessage, historyNames, type ModelSummary, summariseFit } from "./model-fit";
import { type StepwiseResult, stepwiseSelect } from "./stepwise";

export type Selection = NonNullable<EstimateResult["selection"]>;

/** What a method produces on the original data, plus how to repeat it on a replicate. */
export type MethodRun = {
  terms: number[];
  summary: ModelSummary;
  candidates: CandidateModel[];
  modelsTotal: number;
  modelsAdmissible: number;
  interactions: string[];
  selection?: Selection;
  warnings: string[];
  /** Poisson estimate of the whole procedure on replicate counts (NaN when impossible). */
  replicate: (counts: Float64Array) => number;
  bic?: BicSearchResult;
};

/** No estimate can be given on these data (not an input error): becomes `result.refusal`. */
export class Refusal extends Error {
  readonly code: string;
  readonly model: string | null;
  readonly candidates: CandidateModel[];
  constructor(code: string, message: string, model: string | null, candidates: CandidateModel[] = []) {
    super(message);
    this.code = code;
    this.model = model;
    this.candidates = candidates;
  }
}

/** Library error codes that mean "no estimate on these data" rather than bad input. */
export const REFUSAL_CODES = new Set([
  "MLE_DOES_NOT_EXIST",
  "NOT_IDENTIFIABLE",
  "NO_ADMISSIBLE_MODEL",
  "METHOD_NOT_AVAILABLE",
  "TOO_FEW_LISTS",
  "NO_OBSERVATIONS",
  "FIT_FAILED",
]);

/** Cell data (with N* cached) for a counts vector over 2^t histories. */
export function dataFromCounts(t: number, counts: Float64Array): { data: CellData; n: number } {
  const c = Float64Array.from(counts);
  c[0] = 0;
  let n = 0;
  for (let w = 1; w < c.length; w++) n += c[w]!;
  const data: CellData = { t, counts: c, nstar: superSetCounts(c, t) };
  data.logFactorialSum = logFactorialSum(data);
  return { data, n };
}

/** n + exp(α̂_∅). */
export function poissonEstimateOf(n: number, beta0: number): number {
  return n + Math.exp(beta0);
}

/** Interaction terms (order ≥ 2) by list name, lower orders first. */
export function interactionNames(terms: readonly number[], lists: readonly string[]): string[] {
  return terms
    .filter((x) => popcount(x) >= 2)
    .sort((a, b) => popcount(a) - popcount(b) || a - b)
    .map((x) => termName(x, lists));
}

function statusOf(code: number): ModelStatus {
  if (code === 0) return "ok";
  return code === 2 ? "not-identifiable" : "mle-does-not-exist";
}

/** Refits a model with the full covariance (for reporting coefficients). */
function reportFit(
  table: CaptureTable,
  data: CellData,
  terms: number[],
  convergence: Convergence,
): ModelSummary {
  const fit = fitLoglinear(data, terms, { convergence });
  if (!fit.converged) {
    throw new EstimationError(
      "FIT_FAILED",
      `The Poisson fit of model ${formatModel(terms, data.t)} did not converge.`,
    );
  }
  return summariseFit(table, terms, fit);
}

/** main, pairs and fixed: one given model, refused with the reason if it fails the checks. */
export function fixedModelRun(
  table: CaptureTable,
  data: CellData,
  terms: number[],
  convergence: Convergence,
  explain?: string,
): MethodRun {
  const t = data.t;
  const model = formatModel(terms, t);
  const check = checkModel(data, terms);
  if (check.code !== 0) {
    const forced = check.exists ? null : forcedZeroCells(data, terms);
    const reason =
      checkMessage(check.code, model, forced ? historyNames(forced, table.lists) : null) +
      (explain ? ` ${explain}` : "");
    throw new Refusal(check.exists ? "NOT_IDENTIFIABLE" : "MLE_DOES_NOT_EXIST", reason, model, [
      {
        model,
        criterion: { name: "none", value: null },
        estimate: null,
        status: statusOf(check.code),
        reason,
        selected: false,
      },
    ]);
  }
  const summary = reportFit(table, data, terms, convergence);
  const start = startFrom(summary.fit);
  return {
    terms,
    summary,
    candidates: [
      {
        model,
        criterion: { name: "AIC", value: summary.aic },
        estimate: summary.estimate,
        status: "ok",
        selected: true,
      },
    ],
    modelsTotal: 1,
    modelsAdmissible: 1,
    interactions: interactionNames(terms, table.lists),
    warnings: [],
    replicate: (counts) => {
      const { data: d, n } = dataFromCounts(t, counts);
      if (checkModel(d, terms).code !== 0) return Number.NaN;
      const fit = fitWarm(d, terms, start);
      return fit.converged ? poissonEstimateOf(n, fit.beta[0]!) : Number.NaN;
    },
  };
}

/** SparseMSE stepwise selection. */
export function stepwiseRun(
  table: CaptureTable,
  data: CellData,
  pthresh: number,
  convergence: Convergence,
): MethodRun {
  const t = data.t;
  const lists = table.lists;
  let result: StepwiseResult;
  try {
    result = stepwiseSelect(data, { pthresh, convergence, recordCandidates: true });
  } catch (error) {
    if (error instanceof EstimationError)
      throw new Refusal(error.code, error.message, formatModel(mainEffectsModel(t), t));
    throw error;
  }
  const summary = reportFit(table, data, result.terms, convergence);
  const mainStart = startFrom(result.mainFit);
  const n = table.n;
  const candidates: CandidateModel[] = [
    {
      model: formatModel(mainEffectsModel(t), t),
      criterion: { name: "p-value", value: null },
      estimate: poissonEstimateOf(n, result.mainFit.beta[0]!),
      status: "ok",
      selected: result.steps.length === 0,
    },
    ...result.steps.map((step, i) => ({
      model: formatModel(step.terms, t),
      criterion: { name: "p-value" as const, value: step.p },
      estimate: poissonEstimateOf(n, step.fit.beta[0]!),
      status: "ok" as const,
      selected: i === result.steps.length - 1,
    })),
  ];
  const selection: Selection = result.steps.map((step) => ({
    term: termName(step.pair, lists),
    p: step.p,
    observed: step.observed,
    expected: step.expected,
    accepted: true,
    estimate: poissonEstimateOf(n, step.fit.beta[0]!),
  }));
  // The candidate that stopped the search: the smallest p among pairs not added.
  const lastCycle = result.cycles[result.cycles.length - 1];
  if (lastCycle && lastCycle.length > 0) {
    const stopper = [...lastCycle].sort((a, b) => a.p - b.p)[0]!;
    if (!result.steps.some((s) => s.pair === stopper.pair)) {
      selection.push({
        term: termName(stopper.pair, lists),
        p: stopper.p,
        observed: stopper.observed,
        expected: stopper.expected,
        accepted: false,
        estimate: summary.estimate,
      });
    }
  }
  return {
    terms: result.terms,
    summary,
    candidates,
    modelsTotal: candidates.length,
    modelsAdmissible: candidates.length,
    interactions:
      result.steps.length > 0
        ? result.steps.map((s) => termName(s.pair, lists))
        : interactionNames(result.terms, lists),
    selection,
    warnings: [],
    replicate: (counts) => {
      const { data: d, n: nr } = dataFromCounts(t, counts);
      const r = stepwiseSelect(d, { pthresh, convergence: "strict", mainStart, warmStart: true });
      return r.fit.converged ? poissonEstimateOf(nr, r.fit.beta[0]!) : Number.NaN;
    },
  };
}

/** Silverman's AIC-forward selection (modslavmse `MSEfit`). */
export function aicStepwiseRun(
  table: CaptureTable,
  data: CellData,
  pthresh: number,
  convergence: Convergence,
): MethodRun {
  const t = data.t;
  const lists = table.lists;
  let result: AicStepwiseResult;
  try {
    result = aicStepwiseSelect(data, { pthresh, convergence });
  } catch (error) {
    if (error instanceof EstimationError)
      throw new Refusal(error.code, error.message, formatModel(mainEffectsModel(t), t));
    throw error;
  }
  const summary = reportFit(table, data, result.terms, convergence);
  const mainStart = startFrom(result.mainFit);
  const n = table.n;
  const mainAic = 2 * result.mainFit.npar - 2 * result.mainFit.loglik;
  const accepted = result.steps.filter((s) => s.accepted);
  const candidates: CandidateModel[] = [
    {
      model: formatModel(mainEffectsModel(t), t),
      criterion: { name: "AIC", value: mainAic },
      estimate: poissonEstimateOf(n, result.mainFit.beta[0]!),
      status: "ok",
      selected: accepted.length === 0,
    },
    ...result.steps.map((step) => ({
      model: formatModel(step.terms, t),
      criterion: { name: "AIC" as const, value: step.aic },
      estimate: poissonEstimateOf(n, step.fit.beta[0]!),
      status: "ok" as const,
      selected: step.accepted && step === accepted[accepted.length - 1],
    })),
  ];
  return {
    terms: result.terms,
    summary,
    candidates,
    modelsTotal: candidates.length,
    modelsAdmissible: candidates.length,
    interactions: accepted.map((s) => termName(s.pair, lists)),
    selection: result.steps.map((step) => ({
      term: termName(step.pair, lists),
      p: step.waldP,
      aic: step.aic,
      accepted: step.accepted,
      estimate: poissonEstimateOf(n, step.fit.beta[0]!),
    })),
    warnings: [],
    replicate: (counts) => {
      const { data: d, n: nr } = dataFromCounts(t, counts);
      const r = aicStepwiseSelect(d, { pthresh, convergence, fast: true, mainStart });
      return r.fit.converged ? poissonEstimateOf(nr, r.fit.beta[0]!) : Number.NaN;
    },
  };
}

/** MultipleSystemsEstimation's exhaustive BIC search; its bootstrap is organised by rank (intervals.ts). */
export function bicRun(
  table: CaptureTable,
  data: CellData,
  maxOrder: number | undefined,
  convergence: Convergence,
): MethodRun {
  let search: BicSearchResult;
  try {
    search = bicSearch(table, data, { maxOrder, convergence });
  } catch (error) {
    if (error instanceof EstimationError && REFUSAL_CODES.has(error.code)) {
      throw new Refusal(error.code, error.message, null);
    }
    throw error;
  }
  const best = search.ranked[0]!;
  const summary = reportFit(table, data, best.terms, convergence);
  const candidates: CandidateModel[] = [
    ...search.ranked.map((c, i) => ({
      model: c.model,
      criterion: { name: "BIC" as const, value: c.bic },
      estimate: c.summary.estimate,
      status: "ok" as const,
      selected: i === 0,
    })),
    ...search.rejected.map((c) => ({
      model: c.model,
      criterion: { name: "BIC" as const, value: null },
      estimate: null,
      status: c.status,
      reason: c.reason,
      selected: false,
    })),
  ];
  return {
    terms: best.terms,
    summary,
    candidates,
    modelsTotal: search.total,
    modelsAdmissible: search.ranked.length,
    interactions: interactionNames(best.terms, table.lists),
    warnings: [...search.warnings],
    replicate: () => Number.NaN, // the BIC bootstrap is organised by model rank instead
    bic: search,
  };
}

/** The estimate of the best-BIC model among the top `ntop` (by original BIC) on replicate counts. */
export function bicReplicate(
  search: BicSearchResult,
  ntop: number,
  t: number,
): (counts: Float64Array) => number {
  const top = search.ranked.slice(0, ntop);
  const starts = top.map((c) => startFrom(c.summary.fit));
  return (counts) => {
    const { data, n } = dataFromCounts(t, counts);
    let bestBic = Number.POSITIVE_INFINITY;
    let best = Number.NaN;
    for (let k = 0; k < top.length; k++) {
      const candidate = top[k]!;
      if (checkModel(data, candidate.terms).code !== 0) continue;
      const fit = fitWarm(data, candidate.terms, starts[k]);
      if (!fit.converged) continue;
      const bic = fit.npar * Math.log(n) - 2 * fit.loglik;
      if (bic < bestBic) {
        bestBic = bic;
        best = poissonEstimateOf(n, fit.beta[0]!);
      }
    }
    return best;
  };
}
