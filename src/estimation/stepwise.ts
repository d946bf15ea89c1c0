/**
 * Forward stepwise selection of two-list interactions with one-sided Poisson p-values
 * (Chan, Silverman & Vincent 2021; SparseMSE `stepwisefit`, MultipleSystemsEstimation
 * `estimate_population_stepwise`).
 *
 * Starting from main effects, each cycle computes for every pair (i, j) not yet in the
 * model the expected overlap λ* = Σ μ̂_ω over cells containing i and j under the current
 * fit, and p = min(P(X ≤ N*_ij), P(X ≥ N*_ij)) for X ~ Poisson(λ*). Candidates whose
 * model would fail the existence or identifiability check get p = 1. The smallest p is
 * added if p < pthresh (ties: first pair in (1,2),(1,3),…,(t−1,t) order); otherwise the
 * search stops.
 *
 * Checking candidates in increasing order of p and stopping at the first admissible one
 * gives exactly the same choice as checking them all, with far fewer linear programmes.
 */

import { supersetSumInPlace } from "./capture-table";
import { poissonCdf, poissonUpper } from "./distributions";
import { EstimationError } from "./errors";
import { allPairs, formatModel, mainEffectsModel, normaliseTerms } from "./hierarchy";
import {
  type CellData,
  checkModel,
  fitLoglinear,
  fitWarm,
  type LoglinearFit,
  minimumFitted,
  nstarOf,
  startFrom,
} from "./loglinear";
import { type Convergence, checkMessage } from "./model-fit";

export type StepwiseCandidate = {
  pair: number;
  /** Observed overlap N*_ij. */
  observed: number;
  /** Expected overlap λ* under the current model. */
  expected: number;
  p: number;
  /** true/false once checked; null when the search did not need to check it. */
  admissible: boolean | null;
};

export type StepwiseStep = {
  pair: number;
  p: number;
  observed: number;
  expected: number;
  /** Model after adding the pair. */
  terms: number[];
  fit: LoglinearFit;
};

export type StepwiseResult = {
  terms: number[];
  fit: LoglinearFit;
  /** Main-effects fit followed by one entry per added pair. */
  steps: StepwiseStep[];
  mainFit: LoglinearFit;
  /** Candidate p-values of each cycle (only when `recordCandidates`). */
  cycles: StepwiseCandidate[][];
};

export type StepwiseOptions = {
  pthresh: number;
  convergence?: Convergence;
  recordCandidates?: boolean;
  /** Covariance needed from the fits (default "intercept": selection needs none). */
  covariance?: "full" | "intercept";
  /** Starting coefficients for the main-effects fit (e.g. from the original table). */
  mainStart?: Map<number, number>;
  /** Start each enlarged model from the previous fit (bootstrap replicates). */
  warmStart?: boolean;
};

/** One-sided Poisson p-value of SparseMSE: the smaller tail at the observed overlap. */
export function poissonTailP(observed: number, expected: number): number {
  return Math.min(poissonCdf(observed, expected), poissonUpper(observed - 1, expected));
}

/** Runs the stepwise search. Throws if even the main-effects MLE does not exist. */
export function stepwiseSelect(data: CellData, options: StepwiseOptions): StepwiseResult {
  const { pthresh } = options;
  const convergence = options.convergence ?? "glm";
  const t = data.t;
  const nstar = nstarOf(data);
  const main = mainEffectsModel(t);
  const mainCheck = checkModel(data, main);
  if (mainCheck.code !== 0) {
    throw new EstimationError(
      mainCheck.exists ? "NOT_IDENTIFIABLE" : "MLE_DOES_NOT_EXIST",
      `${checkMessage(mainCheck.code, formatModel(main, t))} Without any overlap between the lists there is ` +
        "no information about the dark figure.",
    );
  }
  const covariance = options.covariance ?? "intercept";
  const mainFit = options.mainStart
    ? fitWarm(data, main, options.mainStart, covariance)
    : fitLoglinear(data, main, { convergence, covariance });
  const steps: StepwiseStep[] = [];
  const cycles: StepwiseCandidate[][] = [];
  const pairs = allPairs(t);

  if (pthresh === 0) return { terms: main, fit: mainFit, steps, mainFit, cycles };
  if (pthresh === 1) {
    const full = normaliseTerms([...main, ...pairs]);
    if (checkModel(data, full).code === 0) {
      const fit = fitLoglinear(data, full, { convergence, covariance });
      return { terms: full, fit, steps, mainFit, cycles };
    }
  }

  let terms = main;
  let fit = mainFit;
  const selected = new Set<number>();
  const marg = new Float64Array(1 << t);
  for (let cycle = 0; cycle < pairs.length; cycle++) {
    marg.set(fit.mu);
    supersetSumInPlace(marg, t);
    const candidates: StepwiseCandidate[] = [];
    for (const pair of pairs) {
      if (selected.has(pair)) continue;
      const observed = nstar[pair]!;
      const expected = marg[pair]!;
      candidates.push({ pair, observed, expected, p: poissonTailP(observed, expected), admissible: null });
    }
    const order = candidates
      .map((c, i) => ({ c, i }))
      .sort((a, b) => a.c.p - b.c.p || a.i - b.i)
      .map(({ c }) => c);
    let chosen: StepwiseCandidate | null = null;
    let chosenFit: LoglinearFit | null = null;
    for (const candidate of order) {
      if (!(candidate.p < pthresh)) break;
      const trial = normaliseTerms([...terms, candidate.pair]);
      if (options.warmStart) {
        // Bootstrap replicates: a fit converging to fitted values bounded away from 0
        // certifies existence (a non-existent MLE drives some cells geometrically to 0);
        // otherwise the linear programme decides.
        const trialFit = fitWarm(data, trial, startFrom(fit), covariance);
        if (trialFit.converged && minimumFitted(trialFit) > 1e-7) {
          candidate.admissible = true;
          chosenFit = trialFit;
        } else {
          candidate.admissible = checkModel(data, trial).code === 0;
          if (candidate.admissible) chosenFit = trialFit.converged ? trialFit : null;
        }
      } else {
        candidate.admissible = checkModel(data, trial).code === 0;
      }
      if (candidate.admissible) {
        chosen = candidate;
        break;
      }
    }
    if (options.recordCandidates) cycles.push(candidates);
    if (!chosen) break;
    selected.add(chosen.pair);
    terms = normaliseTerms([...terms, chosen.pair]);
    fit =
      chosenFit ??
      (options.warmStart
        ? fitWarm(data, terms, startFrom(fit), covariance)
        : fitLoglinear(data, terms, { convergence, covariance }));
    steps.push({
      pair: chosen.pair,
      p: chosen.p,
      observed: chosen.observed,
      expected: chosen.expected,
      terms,
      fit,
    });
  }
  return { terms, fit, steps, mainFit, cycles };
}
