/**
 * Silverman's 2014 UK Home Office procedure (Bales, Hesketh & Silverman 2015;
 * modslavmse `MSEfit`): forward selection of two-list interactions by AIC.
 *
 * From the main-effects model, every pair not yet in the model is tried; if no pair
 * lowers the AIC the search stops. Otherwise the pair with the lowest AIC (ties: first
 * in (1,2),(1,3),… order) is fitted and kept only if the Wald p-value of its
 * coefficient is at most `pthresh` (default 0.05); otherwise the search stops with the
 * previous model. The published UK figures report Rcapture's profile-likelihood
 * interval for the selected model.
 *
 * Differences from the R code, both about models R cannot fit properly: an empty
 * overlap in a candidate is handled by the extended MLE (its coefficient is −∞, its
 * Wald p-value 1, and the AIC is the limit R's `glm` approaches), and candidates that
 * fail the existence/identifiability checks are skipped instead of being fitted to a
 * numerically diverging solution.
 */

import { waldPValue } from "./distributions";
import { EstimationError } from "./errors";
import { allPairs, formatModel, mainEffectsModel, normaliseTerms } from "./hierarchy";
import {
  type CellData,
  checkModel,
  fitLoglinear,
  fitWarm,
  type LoglinearFit,
  minimumFitted,
  startFrom,
} from "./loglinear";
import { type Convergence, checkMessage } from "./model-fit";

export type AicStep = {
  pair: number;
  aic: number;
  /** Wald p-value of the pair's coefficient in the enlarged model. */
  waldP: number;
  accepted: boolean;
  terms: number[];
  fit: LoglinearFit;
};

export type AicStepwiseResult = {
  terms: number[];
  fit: LoglinearFit;
  aic: number;
  /** Every pair that won an AIC round, accepted or not (the last one may be rejected). */
  steps: AicStep[];
  mainFit: LoglinearFit;
};

function aicOf(fit: LoglinearFit): number {
  return 2 * fit.npar - 2 * fit.loglik;
}

/** Runs the AIC-forward search with the Wald stopping rule. */
export function aicStepwiseSelect(
  data: CellData,
  options: {
    pthresh: number;
    convergence?: Convergence;
    /**
     * Bootstrap replicates: warm-start every fit from the current model and let a fit that
     * converges to fitted values bounded away from 0 certify existence, running the
     * linear programme only when it does not. (A non-existent MLE cannot converge that
     * way: Newton's iterations drive some fitted cells geometrically to 0.)
     */
    fast?: boolean;
    mainStart?: Map<number, number>;
  },
): AicStepwiseResult {
  const convergence = options.convergence ?? "glm";
  const t = data.t;
  const main = mainEffectsModel(t);
  const mainCheck = checkModel(data, main);
  if (mainCheck.code !== 0) {
    throw new EstimationError(
      mainCheck.exists ? "NOT_IDENTIFIABLE" : "MLE_DOES_NOT_EXIST",
      checkMessage(mainCheck.code, formatModel(main, t)),
    );
  }
  const mainFit = options.fast
    ? fitWarm(data, main, options.mainStart)
    : fitLoglinear(data, main, { convergence, covariance: "intercept" });
  let terms = main;
  let fit = mainFit;
  let aic0 = aicOf(fit);
  const steps: AicStep[] = [];
  const included = new Set<number>();
  const pairs = allPairs(t);
  const fitCandidate = (trial: number[], current: LoglinearFit): LoglinearFit | null => {
    if (options.fast) {
      const trialFit = fitWarm(data, trial, startFrom(current));
      if (trialFit.converged && minimumFitted(trialFit) > 1e-7) return trialFit;
      if (checkModel(data, trial).code !== 0) return null;
      return trialFit.converged ? trialFit : null;
    }
    if (checkModel(data, trial).code !== 0) return null;
    const trialFit = fitLoglinear(data, trial, { convergence, covariance: "intercept" });
    return trialFit.converged ? trialFit : null;
  };
  for (let cycle = 0; cycle < pairs.length; cycle++) {
    let best: { pair: number; aic: number; terms: number[]; fit: LoglinearFit } | null = null;
    for (const pair of pairs) {
      if (included.has(pair)) continue;
      const trial = normaliseTerms([...terms, pair]);
      const trialFit = fitCandidate(trial, fit);
      if (!trialFit) continue;
      const aic = aicOf(trialFit);
      if (!best || aic < best.aic) best = { pair, aic, terms: trial, fit: trialFit };
    }
    if (!best || !(best.aic < aic0)) break;
    // Only the winner needs the full covariance (for its Wald test).
    best.fit = options.fast
      ? fitWarm(data, best.terms, startFrom(best.fit), "full")
      : fitLoglinear(data, best.terms, { convergence });
    const k = best.fit.finite.indexOf(best.pair);
    const p = best.fit.finite.length;
    const waldP = k < 0 ? 1 : waldPValue(best.fit.beta[k]! / Math.sqrt(best.fit.cov[k * p + k]!));
    const accepted = waldP <= options.pthresh;
    steps.push({ pair: best.pair, aic: best.aic, waldP, accepted, terms: best.terms, fit: best.fit });
    if (!accepted) break;
    aic0 = best.aic;
    terms = best.terms;
    fit = best.fit;
    included.add(best.pair);
  }
  return { terms, fit, aic: aic0, steps, mainFit };
}
