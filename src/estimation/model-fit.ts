/**
 * Fitting one hierarchical model to a capture table and summarising it the way the
 * reference packages do: Poisson estimate n + exp(α̂_∅), log-normal interval on the dark
 * figure (SparseMSE `estimatepopulation.0`), Rcapture's standard error, and AIC/BIC
 * with every parameter counted, including those fixed at −∞ (SparseMSE adds 2 per
 * empty overlap to glm's AIC; MultipleSystemsEstimation's BIC counts all parameters).
 */

import { type CaptureTable, superSetCounts } from "./capture-table";
import { normalQuantile } from "./distributions";
import { formatModel, termName } from "./hierarchy";
import {
  type CellData,
  type CheckCode,
  type FitOptions,
  type LoglinearFit,
  logFactorialSum,
} from "./loglinear";

export type Convergence = NonNullable<FitOptions["convergence"]>;

/** The data of a table in the form the fitting code wants, with N* cached. */
export function cellData(table: CaptureTable): CellData {
  const t = table.lists.length;
  const counts = Float64Array.from(table.counts);
  counts[0] = 0;
  const data: CellData = { t, counts, nstar: superSetCounts(counts, t) };
  data.logFactorialSum = logFactorialSum(data);
  return data;
}

export type ModelSummary = {
  terms: number[];
  model: string;
  fit: LoglinearFit;
  /** Number observed. */
  n: number;
  /** Poisson estimate n + exp(α̂_∅). */
  estimate: number;
  /** Estimated dark figure exp(α̂_∅). */
  darkFigure: number;
  /** Intercept and its standard error (sqrt of cov.unscaled[1,1]). */
  intercept: number;
  interceptSe: number;
  /** Rcapture `getN` standard error sqrt(exp(b0) + exp(2 b0) Var(b0)). */
  standardError: number;
  aic: number;
  bic: number;
};

/** Why a model cannot be reported, in words a statistician understands. */
export function checkMessage(code: CheckCode, model: string, forcedZero?: string[] | null): string {
  const cells =
    forcedZero && forcedZero.length > 0
      ? ` Every table with the same margins has no one in ${forcedZero.length === 1 ? "the capture history" : "the capture histories"} ${forcedZero.join(", ")}.`
      : "";
  if (code === 1) {
    return (
      `The maximum likelihood estimate for model ${model} does not exist, even allowing −∞ for ` +
      "empty overlaps (Fienberg–Rinaldo linear-programming test): the observed margins lie on the " +
      `boundary of the model's marginal cone, so the likelihood keeps increasing as some fitted cells go to 0.${cells}`
    );
  }
  if (code === 2) {
    return (
      `Model ${model} is not identifiable on these data: after removing the cells forced to zero by ` +
      "empty overlaps, its design matrix is rank deficient, so the dark figure is not determined."
    );
  }
  if (code === 3) {
    return (
      `Model ${model} is neither identifiable nor has an existing maximum likelihood estimate ` +
      `(rank-deficient reduced design and a failed Fienberg–Rinaldo test).${cells}`
    );
  }
  return `Model ${model} passes the existence and identifiability checks.`;
}

/** Capture histories written with list names, e.g. "A&C". */
export function historyNames(histories: readonly number[], lists: readonly string[]): string[] {
  return histories.map((w) => lists.filter((_, i) => (w >> i) & 1).join("&"));
}

/** Fits a model (without checking it) and derives the reported quantities. */
export function summariseFit(table: CaptureTable, terms: number[], fit: LoglinearFit): ModelSummary {
  const t = table.lists.length;
  const n = table.n;
  const intercept = fit.beta[0]!;
  const interceptVar = fit.cov[0]!;
  const darkFigure = Math.exp(intercept);
  const loglik = fit.loglik;
  return {
    terms,
    model: formatModel(terms, t),
    fit,
    n,
    estimate: n + darkFigure,
    darkFigure,
    intercept,
    interceptSe: Math.sqrt(interceptVar),
    standardError: Math.sqrt(darkFigure + darkFigure * darkFigure * interceptVar),
    aic: 2 * fit.npar - 2 * loglik,
    bic: fit.npar * Math.log(n) - 2 * loglik,
  };
}

/** SparseMSE's log-normal interval n + exp(qnorm(q, α̂_∅, se)) at the two-sided level. */
export function lognormalInterval(summary: ModelSummary, level: number): { lower: number; upper: number } {
  const z = normalQuantile(0.5 + level / 2);
  return {
    lower: summary.n + Math.exp(summary.intercept - z * summary.interceptSe),
    upper: summary.n + Math.exp(summary.intercept + z * summary.interceptSe),
  };
}

/** Named coefficients (finite ones with standard errors, −∞ ones marked). */
export function namedCoefficients(
  summary: ModelSummary,
  lists: readonly string[],
): { term: string; estimate: number | null; se: number | null; boundary: boolean }[] {
  const { fit } = summary;
  const p = fit.finite.length;
  const out: { term: string; estimate: number | null; se: number | null; boundary: boolean }[] = [];
  for (const term of fit.terms) {
    const k = fit.finite.indexOf(term);
    if (k >= 0) {
      out.push({
        term: termName(term, lists),
        estimate: fit.beta[k]!,
        se: Math.sqrt(fit.cov[k * p + k]!),
        boundary: false,
      });
    } else {
      out.push({ term: termName(term, lists), estimate: null, se: null, boundary: true });
    }
  }
  return out;
}
