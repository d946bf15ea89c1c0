/**
 * Poisson log-linear models for capture-history tables, fitted by Newton's method with
 * the extended-MLE treatment of empty margins, plus the existence and identifiability
 * checks that decide whether a fit may be reported at all.
 *
 * Model: N_ω ~ Poisson(μ_ω), log μ_ω = Σ_{θ ⊆ ω, θ ∈ model} α_θ.
 *
 * Empty margins (Chan, Silverman & Vincent 2021; MultipleSystemsEstimation's
 * `fit_hier_model`): a term θ in the model with N*_θ = 0 has extended MLE α_θ = −∞.
 * Every cell containing θ then has fitted value 0; those cells are removed from the fit
 * and the term is dropped, but it is still counted as a parameter in AIC and BIC.
 *
 * Because the design is the 0/1 incidence "θ ⊆ ω", the gradient X'(y − μ) and the
 * information X'diag(μ)X are superset sums of μ, so one Newton step costs t·2^t
 * operations plus the factorisation of a p×p matrix, with p the number of terms.
 *
 * Existence (Fienberg & Rinaldo 2012, as implemented in SparseMSE `checkident` and
 * MultipleSystemsEstimation `check_extended_MLE`): on the reduced table, the MLE exists
 * iff some strictly positive table has the same sufficient statistics, i.e. the LP
 * max s s.t. A'y = N*, y_ω ≥ s has a positive optimum. Identifiability: the reduced
 * design must have full column rank.
 */

import { subsetSumInPlace, superSetCounts, supersetSumInPlace } from "./capture-table";
import { logFactorial } from "./distributions";
import {
  choleskyInverse,
  choleskyInverseFirst,
  choleskyPivoted,
  choleskySolve,
  columnRank,
  createSpdFactor,
  type SpdFactor,
} from "./linalg";
import { solveLp } from "./simplex";

/** Input of a fit or a check: a table of counts over all 2^t histories. */
export type CellData = {
  t: number;
  /** counts[ω], length 2^t. counts[0] is the dark cell and is used only if `includeDark`. */
  counts: Float64Array;
  /** Precomputed N*_θ over all θ (optional; computed when absent). */
  nstar?: Float64Array;
  /**
   * Whether the all-zero history is part of the data (Rcapture's profile likelihood
   * appends it with a trial count for the dark figure).
   */
  includeDark?: boolean;
  /** Cached Σ log(y!) over the observed cells (optional). */
  logFactorialSum?: number;
};

/** How the model's terms split on the data. */
export type TermSplit = {
  /** Terms with N*_θ > 0, estimated. Sorted; the intercept first. */
  finite: number[];
  /** Terms with N*_θ = 0, fixed at −∞ (their cells are removed). */
  negInf: number[];
  /** kept[ω] = 1 if cell ω takes part in the fit. */
  kept: Uint8Array;
  /** Number of kept cells. */
  cells: number;
};

/** SparseMSE / MultipleSystemsEstimation error code: 1·(MLE does not exist) + 2·(not identifiable). */
export type CheckCode = 0 | 1 | 2 | 3;

export type ModelCheck = TermSplit & {
  code: CheckCode;
  exists: boolean;
  identifiable: boolean;
  /** Optimal value of the existence LP (null when the quick test sufficed). */
  lpObjective: number | null;
  /** Column rank deficiency of the reduced design. */
  rankDeficiency: number;
};

export type LoglinearFit = TermSplit & {
  /** The model's terms, including −∞ ones. */
  terms: number[];
  /** Coefficients of the finite terms, same order as `finite`. */
  beta: Float64Array;
  /**
   * Inverse information (cov.unscaled) of the finite coefficients, row-major. With
   * `covariance: "intercept"` only element [0] is computed and the rest is NaN.
   */
  cov: Float64Array;
  /** Fitted means μ_ω over all 2^t cells (0 outside kept cells). */
  mu: Float64Array;
  /** Poisson log-likelihood Σ (y log μ − μ − log y!) over kept cells. */
  loglik: number;
  /** Residual deviance over kept cells. */
  deviance: number;
  /** Residual degrees of freedom: kept cells − finite terms. */
  df: number;
  /** Total number of parameters including the −∞ ones (used in AIC and BIC). */
  npar: number;
  iterations: number;
  converged: boolean;
};

function cellDomainStart(data: CellData): number {
  return data.includeDark ? 0 : 1;
}

/** N*_θ for the data (superset sums of counts over the cell domain). */
export function nstarOf(data: CellData): Float64Array {
  if (data.nstar) return data.nstar;
  const c = Float64Array.from(data.counts);
  if (!data.includeDark) c[0] = 0;
  return superSetCounts(c, data.t);
}

/** Splits model terms into finite and −∞ ones and finds the cells that remain. */
export function splitTerms(data: CellData, terms: readonly number[]): TermSplit {
  const nstar = nstarOf(data);
  const finite: number[] = [];
  const negInf: number[] = [];
  for (const term of terms) {
    if (term !== 0 && nstar[term]! === 0) negInf.push(term);
    else finite.push(term);
  }
  finite.sort((a, b) => a - b);
  const size = 1 << data.t;
  const kept = new Uint8Array(size);
  let cells = 0;
  for (let w = cellDomainStart(data); w < size; w++) {
    let keep = 1;
    for (const term of negInf) {
      if ((w & term) === term) {
        keep = 0;
        break;
      }
    }
    kept[w] = keep;
    cells += keep;
  }
  return { finite, negInf, kept, cells };
}

/**
 * Existence and identifiability of the (extended) MLE for a model: the Fienberg–Rinaldo
 * linear programme and the rank of the reduced design.
 */
export function checkModel(data: CellData, terms: readonly number[]): ModelCheck {
  const split = splitTerms(data, terms);
  const { finite, kept } = split;
  const size = 1 << data.t;
  const cellsList: number[] = [];
  let allPositive = true;
  for (let w = 0; w < size; w++) {
    if (!kept[w]) continue;
    cellsList.push(w);
    if (!(data.counts[w]! > 0)) allPositive = false;
  }
  const p = finite.length;
  const m = cellsList.length;

  // Rank of the reduced design. Without removed cells the design is always of full
  // rank (the incidence matrix of the subset lattice is unitriangular), so the check is
  // only needed after cells have been deleted.
  let rankDeficiency = 0;
  const fullDomain = m === size - cellDomainStart(data);
  if (!fullDomain || p > m) {
    if (p > m) rankDeficiency = p - m;
    else {
      const x = new Float64Array(m * p);
      for (let r = 0; r < m; r++) {
        const w = cellsList[r]!;
        for (let c = 0; c < p; c++) {
          const term = finite[c]!;
          x[r * p + c] = (w & term) === term ? 1 : 0;
        }
      }
      rankDeficiency = p - columnRank(x, m, p);
    }
  }

  let exists = true;
  let lpObjective: number | null = null;
  if (!allPositive) {
    lpObjective = existenceLp(data, finite, cellsList);
    const nstar = nstarOf(data);
    exists = lpObjective > 1e-9 * Math.max(1, nstar[0]!);
  }
  const identifiable = rankDeficiency === 0;
  const code = ((exists ? 0 : 1) + (identifiable ? 0 : 2)) as CheckCode;
  return { ...split, code, exists, identifiable, lpObjective, rankDeficiency };
}

/**
 * max s subject to A'y = N* (finite terms), y_ω ≥ s ≥ 0 on kept cells. With y = z + s
 * this becomes an equality-form LP in (z, s) with one row per finite term.
 */
function existenceLp(data: CellData, finite: number[], cellsList: number[]): number {
  const nstar = nstarOf(data);
  const m = finite.length;
  const nCells = cellsList.length;
  const n = nCells + 1;
  const a = new Float64Array(m * n);
  const b = new Float64Array(m);
  const c = new Float64Array(n);
  c[nCells] = 1;
  for (let r = 0; r < m; r++) {
    const term = finite[r]!;
    let covered = 0;
    for (let k = 0; k < nCells; k++) {
      if ((cellsList[k]! & term) === term) {
        a[r * n + k] = 1;
        covered++;
      }
    }
    a[r * n + nCells] = covered;
    b[r] = nstar[term]!;
  }
  const result = solveLp({ m, n, a, b, c });
  if (result.status !== "optimal") return 0;
  return result.objective;
}

type Workspace = {
  eta: Float64Array;
  mu: Float64Array;
  marg: Float64Array;
  h: Float64Array;
  g: Float64Array;
  trial: Float64Array;
  step: Float64Array;
  factorA: SpdFactor;
  factorB: SpdFactor;
};

// Scratch buffers by (cells, parameters). Fits never nest, so reuse is safe; searches and
// bootstraps perform hundreds of thousands of fits and would otherwise churn the GC.
const workspaces = new Map<number, Workspace>();

function workspaceFor(size: number, p: number): Workspace {
  const key = size * 4096 + p;
  let ws = workspaces.get(key);
  if (!ws) {
    ws = {
      eta: new Float64Array(size),
      mu: new Float64Array(size),
      marg: new Float64Array(size),
      h: new Float64Array(p * p),
      g: new Float64Array(p),
      trial: new Float64Array(p),
      step: new Float64Array(p),
      factorA: createSpdFactor(p),
      factorB: createSpdFactor(p),
    };
    workspaces.set(key, ws);
  }
  return ws;
}

/** Σ log(y!) over the cells of the data (removed cells have y = 0 and contribute nothing). */
export function logFactorialSum(data: CellData): number {
  if (data.logFactorialSum !== undefined && !data.includeDark) return data.logFactorialSum;
  let s = 0;
  for (let w = data.includeDark ? 0 : 1; w < data.counts.length; w++) {
    if (data.counts[w]! > 0) s += logFactorial(data.counts[w]!);
  }
  return s;
}

/**
 * The capture histories whose count is 0 in every table with the model's observed
 * margins (the complement of the facial set): the cells the likelihood pushes to 0
 * when the MLE does not exist. One LP per empty cell, so meant for explaining a single
 * refusal, not for searches; returns null for more than 8 lists.
 */
export function forcedZeroCells(data: CellData, terms: readonly number[]): number[] | null {
  if (data.t > 8) return null;
  const split = splitTerms(data, terms);
  const nstar = nstarOf(data);
  const cells: number[] = [];
  for (let w = 0; w < split.kept.length; w++) if (split.kept[w]) cells.push(w);
  const m = split.finite.length;
  const n = cells.length;
  const a = new Float64Array(m * n);
  const b = new Float64Array(m);
  split.finite.forEach((term, r) => {
    b[r] = nstar[term]!;
    cells.forEach((w, k) => {
      if ((w & term) === term) a[r * n + k] = 1;
    });
  });
  const forced: number[] = [];
  cells.forEach((w, k) => {
    if (data.counts[w]! > 0) return;
    const c = new Float64Array(n);
    c[k] = 1;
    const result = solveLp({ m, n, a, b, c });
    if (result.status === "optimal" && result.objective <= 1e-9 * Math.max(1, nstar[0]!)) forced.push(w);
  });
  return forced;
}

export type FitOptions = {
  /** Starting coefficients keyed by term (missing terms start at 0). */
  start?: Map<number, number>;
  /** Maximum Newton iterations. */
  maxIter?: number;
  /**
   * Stopping rule. "strict" (default) iterates to the MLE at working precision.
   * "glm" stops exactly where R's `glm.fit` stops (|Δdeviance| / (|deviance| + 0.1) <
   * 1e-8, at most 25 iterations) and takes the covariance from the weights of the last
   * iteration, as `summary.glm` does; the two differ by far less than 1e-4 whenever the
   * MLE exists, and the option exists to document that.
   */
  convergence?: "strict" | "glm";
  /** Which part of the inverse information to compute (default "full"). */
  covariance?: "full" | "intercept";
};

/**
 * Fits the model by Newton's method (for the canonical log link this is exactly R's
 * IRLS) from R's `glm` starting point μ = y + 0.1, or from `start` when given. Callers
 * are expected to have run {@link checkModel}; if the information matrix is singular
 * the fit reports `converged: false`.
 */
export function fitLoglinear(
  data: CellData,
  terms: readonly number[],
  options: FitOptions = {},
): LoglinearFit {
  const { t, counts } = data;
  const size = 1 << t;
  const nstar = nstarOf(data);
  const split = splitTerms(data, terms);
  const { finite, kept } = split;
  const p = finite.length;
  const glmMode = options.convergence === "glm";
  const maxIter = options.maxIter ?? (glmMode ? 25 : 100);

  const ws = workspaceFor(size, p);
  const { eta, mu, marg, h, g, trial, step } = ws;
  const beta = new Float64Array(p);
  // Two factor workspaces: in glm mode the factor of the last accepted step must survive.
  let factor = ws.factorA;
  let spare = ws.factorB;
  const logFactSum = logFactorialSum(data);

  const computeMu = (coef: Float64Array): boolean => {
    eta.fill(0);
    for (let k = 0; k < p; k++) eta[finite[k]!] = coef[k]!;
    subsetSumInPlace(eta, t);
    for (let w = 0; w < size; w++) {
      if (!kept[w]) {
        mu[w] = 0;
        continue;
      }
      const v = Math.exp(eta[w]!);
      if (!Number.isFinite(v)) return false;
      mu[w] = v;
    }
    return true;
  };
  const devianceOf = (): number => {
    let dev = 0;
    for (let w = 0; w < size; w++) {
      if (!kept[w]) continue;
      const y = counts[w]!;
      const m = mu[w]!;
      dev += y > 0 ? y * Math.log(y / m) - (y - m) : m;
    }
    return 2 * dev;
  };
  // Gradient X'(y − μ) and information X' diag(μ) X from the current μ.
  const assemble = (): void => {
    marg.set(mu);
    supersetSumInPlace(marg, t);
    for (let a = 0; a < p; a++) {
      const ta = finite[a]!;
      g[a] = nstar[ta]! - marg[ta]!;
      for (let b = a; b < p; b++) {
        const v = marg[ta | finite[b]!]!;
        h[a * p + b] = v;
        h[b * p + a] = v;
      }
    }
  };

  let iterations = 0;
  let converged = false;
  let lastFactor: SpdFactor | null = null;
  let dev: number;

  if (options.start) {
    for (let k = 0; k < p; k++) beta[k] = options.start.get(finite[k]!) ?? 0;
    if (computeMu(beta)) {
      dev = devianceOf();
    } else {
      dev = glmStart();
    }
  } else {
    dev = glmStart();
  }

  // R's glm.fit: μ0 = y + 0.1, then one weighted least-squares step, which for the log
  // link is a Newton step from η0 = log μ0: β1 = (X'W0X)^{-1} X'W0 z0 with
  // z0 = η0 + (y − μ0)/μ0. Returns the deviance at β1 (and records the R convergence
  // test for this first iteration in glm mode).
  function glmStart(): number {
    for (let w = 0; w < size; w++) mu[w] = kept[w] ? counts[w]! + 0.1 : 0;
    const dev0 = devianceOf();
    const rhs = new Float64Array(size);
    for (let w = 0; w < size; w++) {
      if (!kept[w]) continue;
      const m0 = mu[w]!;
      rhs[w] = m0 * Math.log(m0) + (counts[w]! - m0);
    }
    supersetSumInPlace(rhs, t);
    assemble();
    const f = choleskyPivoted(h, p, undefined, factor);
    iterations = 1;
    if (f.rank < p) return Number.NaN;
    const b = new Float64Array(p);
    for (let a = 0; a < p; a++) b[a] = rhs[finite[a]!]!;
    choleskySolve(f, b, beta);
    if (!computeMu(beta)) {
      beta.fill(0);
      computeMu(beta);
    }
    const dev1 = devianceOf();
    lastFactor = f;
    [factor, spare] = [spare, factor];
    if (glmMode && Math.abs(dev1 - dev0) / (Math.abs(dev1) + 0.1) < 1e-8) converged = true;
    return dev1;
  }

  for (let iter = iterations; iter < maxIter && !converged && Number.isFinite(dev); iter++) {
    iterations = iter + 1;
    assemble();
    const f = choleskyPivoted(h, p, undefined, factor);
    if (f.rank < p) break;
    choleskySolve(f, g, step);
    let decrement = 0;
    for (let a = 0; a < p; a++) decrement += g[a]! * step[a]!;
    // Step halving: R only halves when the deviance is not finite; the strict mode also
    // refuses steps that increase it (a full step from a poor start can overshoot).
    let stepSize = 1;
    let accepted = false;
    let newDev = Number.NaN;
    for (let half = 0; half < 60; half++) {
      for (let a = 0; a < p; a++) trial[a] = beta[a]! + stepSize * step[a]!;
      if (computeMu(trial)) {
        newDev = devianceOf();
        const ok = glmMode
          ? Number.isFinite(newDev)
          : Number.isFinite(newDev) && newDev <= dev + 1e-12 * (Math.abs(dev) + 1);
        if (ok) {
          accepted = true;
          break;
        }
      }
      stepSize /= 2;
    }
    if (!accepted) {
      computeMu(beta);
      // No descent possible: we are at the optimum to working precision.
      converged = decrement < 1e-6 * (Math.abs(dev) + 1);
      break;
    }
    beta.set(trial);
    lastFactor = f;
    [factor, spare] = [spare, factor];
    if (glmMode) {
      converged = Math.abs(newDev - dev) / (Math.abs(newDev) + 0.1) < 1e-8;
      dev = newDev;
      continue;
    }
    dev = newDev;
    if (decrement < 1e-10 && stepSize === 1) converged = true;
  }

  computeMu(beta);
  dev = devianceOf();
  const interceptOnly = options.covariance === "intercept";
  const invert = (f: SpdFactor): Float64Array => {
    if (!interceptOnly) return choleskyInverse(f);
    const c = new Float64Array(p * p).fill(Number.NaN);
    c[0] = choleskyInverseFirst(f);
    return c;
  };
  let cov: Float64Array;
  if (glmMode && lastFactor) {
    cov = invert(lastFactor);
  } else {
    assemble();
    const f = choleskyPivoted(h, p, undefined, factor);
    cov = f.rank === p ? invert(f) : new Float64Array(p * p).fill(Number.NaN);
    if (f.rank < p) converged = false;
  }

  let loglik = -logFactSum;
  for (let w = 0; w < size; w++) {
    if (!kept[w]) continue;
    const y = counts[w]!;
    const m = mu[w]!;
    loglik += (y > 0 ? y * Math.log(m) : 0) - m;
  }

  return {
    ...split,
    terms: [...terms].sort((a, b) => a - b),
    beta,
    cov,
    mu: Float64Array.from(mu),
    loglik,
    deviance: dev,
    df: split.cells - p,
    npar: terms.length,
    iterations,
    converged,
  };
}

/** Smallest fitted mean over the cells that take part in the fit. */
export function minimumFitted(fit: LoglinearFit): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (let w = 0; w < fit.kept.length; w++) if (fit.kept[w]) smallest = Math.min(smallest, fit.mu[w]!);
  return smallest;
}

/** The fitted coefficients keyed by term, to warm-start a fit of a similar model or table. */
export function startFrom(fit: LoglinearFit): Map<number, number> {
  const start = new Map<number, number>();
  for (let k = 0; k < fit.finite.length; k++) start.set(fit.finite[k]!, fit.beta[k]!);
  return start;
}

/**
 * Fits from a warm start with the strict stopping rule, falling back to a cold start if
 * that fails. Bootstrap replicates use this: they are close to the original table.
 */
export function fitWarm(
  data: CellData,
  terms: readonly number[],
  start: Map<number, number> | undefined,
  covariance: "full" | "intercept" = "intercept",
): LoglinearFit {
  if (start) {
    const fit = fitLoglinear(data, terms, { start, convergence: "strict", covariance });
    if (fit.converged) return fit;
  }
  return fitLoglinear(data, terms, { convergence: "strict", covariance });
}
