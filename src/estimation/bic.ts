/**
 * Exhaustive BIC search over hierarchical models (Silverman, Chan & Vincent 2024;
 * MultipleSystemsEstimation `estimate_population_bic`, `assemble_bic`,
 * `fit_hier_model`).
 *
 * Every hierarchical model containing all main effects with interactions up to
 * `maxOrder` is checked for existence and identifiability of its extended MLE; models
 * that fail are not admissible. Admissible models are fitted and ranked by
 * BIC = npar·log(n) − 2·loglik, where npar counts every parameter of the hierarchical
 * model including those fixed at −∞ and n is the number of people observed.
 *
 * Default `maxOrder` by number of lists, as in the R package: 2→1, 3→2, 4→3, 5→3, 6→2.
 * With six lists only pairwise models (32,768 of them) are searched; with seven or more
 * the search is refused, as in R.
 */

import type { CaptureTable } from "./capture-table";
import { EstimationError } from "./errors";
import { enumerateHierarchicalModels, formatModel, modelOrder } from "./hierarchy";
import type { CellData } from "./loglinear";
import { type CheckCode, checkModel, fitLoglinear, nstarOf } from "./loglinear";
import { type Convergence, checkMessage, type ModelSummary, summariseFit } from "./model-fit";

export const BIC_MAX_LISTS = 6;

export type BicCandidate =
  | { status: "ok"; terms: number[]; model: string; order: number; bic: number; summary: ModelSummary }
  | {
      status: "mle-does-not-exist" | "not-identifiable";
      terms: number[];
      model: string;
      order: number;
      code: 1 | 2 | 3;
      reason: string;
    };

export type BicSearchResult = {
  maxOrder: number;
  /** Admissible models sorted by BIC (best first). */
  ranked: Extract<BicCandidate, { status: "ok" }>[];
  /** Models that failed the existence or identifiability check. */
  rejected: Exclude<BicCandidate, { status: "ok" }>[];
  /** Total number of models in the search space. */
  total: number;
  warnings: string[];
};

/** MultipleSystemsEstimation's default maximum interaction order for the BIC search. */
export function defaultBicMaxOrder(t: number): number {
  if (t <= 2) return 1;
  if (t === 3) return 2;
  if (t <= 5) return 3;
  return 2;
}

/** Resolves and validates `maxOrder`, returning warnings for silent adjustments. */
export function resolveBicMaxOrder(
  t: number,
  requested: number | undefined,
): { maxOrder: number; warnings: string[] } {
  const warnings: string[] = [];
  if (t > BIC_MAX_LISTS) {
    throw new EstimationError(
      "METHOD_NOT_AVAILABLE",
      `The BIC search over all hierarchical models is available for at most ${BIC_MAX_LISTS} lists ` +
        `(this table has ${t}); use the stepwise method instead.`,
    );
  }
  let maxOrder = requested ?? defaultBicMaxOrder(t);
  if (!Number.isInteger(maxOrder) || maxOrder < 1) {
    throw new EstimationError("INVALID_OPTION", "maxorder must be a positive integer.");
  }
  if (maxOrder > t - 1) {
    warnings.push(
      `maxorder ${maxOrder} reduced to ${t - 1}: the ${t}-way interaction can never be estimated.`,
    );
    maxOrder = t - 1;
  }
  if (t === 6 && maxOrder > 2) {
    warnings.push(
      "For six lists only models with interactions of order at most 2 are searched " +
        `(as in MultipleSystemsEstimation); maxorder ${maxOrder} reduced to 2.`,
    );
    maxOrder = 2;
  }
  return { maxOrder, warnings };
}

/** Fits every admissible model and ranks them by BIC. */
export function bicSearch(
  table: CaptureTable,
  data: CellData,
  options: { maxOrder?: number; convergence?: Convergence } = {},
): BicSearchResult {
  const t = data.t;
  const { maxOrder, warnings } = resolveBicMaxOrder(t, options.maxOrder);
  const convergence = options.convergence ?? "glm";
  const models = enumerateHierarchicalModels(t, maxOrder);
  const checks = checkModelsMonotone(data, models);
  const ranked: Extract<BicCandidate, { status: "ok" }>[] = [];
  const rejected: Exclude<BicCandidate, { status: "ok" }>[] = [];
  models.forEach((terms, index) => {
    const model = formatModel(terms, t);
    const order = modelOrder(terms);
    const code = checks[index]!;
    if (code !== 0) {
      rejected.push({
        status: code === 2 ? "not-identifiable" : "mle-does-not-exist",
        terms,
        model,
        order,
        code,
        reason: checkMessage(code, model),
      });
      return;
    }
    const fit = fitLoglinear(data, terms, { convergence, covariance: "intercept" });
    if (!fit.converged) {
      rejected.push({
        status: "not-identifiable",
        terms,
        model,
        order,
        code: 2,
        reason: `The Poisson fit of model ${model} did not converge; it is treated as not identifiable.`,
      });
      return;
    }
    const summary = summariseFit(table, terms, fit);
    ranked.push({ status: "ok", terms, model, order, bic: summary.bic, summary });
  });
  // Stable sort: ties keep the enumeration order.
  ranked.sort((a, b) => a.bic - b.bic);
  if (ranked.length === 0) {
    throw new EstimationError(
      "NO_ADMISSIBLE_MODEL",
      "No hierarchical model passes the existence and identifiability checks on these data.",
    );
  }
  return { maxOrder, ranked, rejected, total: models.length, warnings };
}

/** MultipleSystemsEstimation's default number of top models re-selected in the bootstrap. */
export function defaultNtop(t: number): number {
  if (t <= 3) return Number.POSITIVE_INFINITY;
  if (t === 4) return 20;
  return 100;
}

/**
 * Existence/identifiability codes for many models on the same data. Within models that
 * fix the same terms at −∞ (hence keep the same cells), both properties pass from a
 * model to all its sub-models: a positive table matching the larger model's margins
 * matches the smaller one's, and a subset of full-rank columns has full rank. Models are
 * therefore checked largest first, and a model contained in one already known to pass
 * needs no linear programme. The result is identical to checking every model.
 */
export function checkModelsMonotone(data: CellData, models: readonly (readonly number[])[]): CheckCode[] {
  const nstar = nstarOf(data);
  const codes: CheckCode[] = new Array(models.length).fill(0);
  const order = models.map((_, i) => i).sort((a, b) => models[b]!.length - models[a]!.length || a - b);
  const passing = new Map<string, { lo: number; hi: number }[]>();
  for (const index of order) {
    const terms = models[index]!;
    let lo = 0;
    let hi = 0;
    const negInf: number[] = [];
    for (const term of terms) {
      if (term !== 0 && nstar[term]! === 0) {
        negInf.push(term);
        continue;
      }
      if (term < 32) lo |= 1 << term;
      else hi |= 1 << (term - 32);
    }
    const key = negInf.join(",");
    const known = passing.get(key);
    if (known?.some((sup) => (lo & ~sup.lo) === 0 && (hi & ~sup.hi) === 0)) {
      codes[index] = 0;
      continue;
    }
    const code = checkModel(data, terms).code;
    codes[index] = code;
    if (code === 0) {
      if (known) known.push({ lo, hi });
      else passing.set(key, [{ lo, hi }]);
    }
  }
  return codes;
}
