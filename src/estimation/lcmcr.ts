/**
 * Bayesian non-parametric latent-class capture–recapture (Manrique-Vallier 2016), the
 * model of the R package LCMCR (`lcmCR`, `lcmCR_PostSampl`): a mixture of at most K
 * latent classes, independent lists within a class with capture probabilities
 * λ_jk ~ Beta(1, 1), truncated stick-breaking class weights with concentration
 * α ~ Gamma(a, b), and the unobserved count n0 | rest ~ NegBin(n, 1 − P(not captured))
 * (the improper prior p(N) ∝ 1/N). Draws with n0 > 20·n are rejected, as in LCMCR.
 *
 * The Gibbs sampler follows LCMCR's update order (class counts per observed cell, λ,
 * stick-breaking weights, n0 and its classes, α) and initialisation (marginal capture
 * rates, 500 warm-up sweeps without α, classes ordered by weight). It uses this
 * library's random numbers, so results agree with LCMCR in distribution only. This is a
 * heterogeneity model, offered as a library function for sensitivity analyses.
 */

import type { CaptureTable } from "./capture-table";
import { EstimationError } from "./errors";
import { binomial, createRng, gamma, multinomialInto, type Rng } from "./rng";

export type LcmcrOptions = {
  /** Maximum number of latent classes (LCMCR default 5). */
  K?: number;
  /** Gamma prior of the stick-breaking concentration α (LCMCR defaults 0.25, 0.25). */
  aAlpha?: number;
  bAlpha?: number;
  /** Sweeps discarded before sampling (LCMCR default 10000). */
  burnin?: number;
  /** Number of posterior draws of N (default 1000). */
  samples?: number;
  /** Sweeps between draws (default 10). */
  thinning?: number;
  seed?: number;
};

/** log of a Gamma(shape, 1) draw, accurate for small shapes (boost by U^(1/shape)). */
function logGammaDraw(rng: Rng, shape: number): number {
  if (shape >= 1) return Math.log(gamma(rng, shape));
  return Math.log(gamma(rng, shape + 1)) + Math.log(rng.uniform() || Number.MIN_VALUE) / shape;
}

function logSum(a: number, b: number): number {
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** Poisson draw: inversion for small means, Devroye's gamma/binomial recursion otherwise. */
export function poisson(rng: Rng, mean: number): number {
  let mu = mean;
  let offset = 0;
  while (mu >= 30) {
    const m = Math.floor((7 * mu) / 8);
    const g = gamma(rng, m); // arrival time of the m-th event of a unit-rate process
    if (g > mu) return offset + binomial(rng, m - 1, mu / g);
    offset += m;
    mu -= g;
  }
  let x = 0;
  let p = Math.exp(-mu);
  let s = p;
  const u = rng.uniform();
  while (u > s) {
    x += 1;
    p *= mu / x;
    s += p;
    if (p === 0) break;
  }
  return offset + x;
}

/** Posterior draws of the population size N = n + n0. */
export function lcmcrPosterior(table: CaptureTable, options: LcmcrOptions = {}): number[] {
  const K = options.K ?? 5;
  const aAlpha = options.aAlpha ?? 0.25;
  const bAlpha = options.bAlpha ?? 0.25;
  const burnin = options.burnin ?? 10000;
  const samples = options.samples ?? 1000;
  const thinning = options.thinning ?? 10;
  const rng = createRng(options.seed ?? 12345);
  const J = table.lists.length;
  const n = table.n;
  if (n === 0) throw new EstimationError("NO_OBSERVATIONS", "Nobody was observed on any list.");
  const cells: number[] = [];
  const freq: number[] = [];
  for (let w = 1; w < table.counts.length; w++) {
    if (table.counts[w]! > 0) {
      cells.push(w);
      freq.push(table.counts[w]!);
    }
  }
  const M = cells.length;
  // State.
  const logNu = new Float64Array(K);
  const logLam1 = new Float64Array(J * K); // log λ_jk
  const logLam0 = new Float64Array(J * K); // log (1 − λ_jk)
  const countZ = new Float64Array(M * K);
  const count0 = new Float64Array(K);
  let alpha = 1;
  let n0 = 0;

  const weights = new Float64Array(K);
  const classDraw = new Float64Array(K);
  const sampleClasses = () => {
    for (let m = 0; m < M; m++) {
      const x = cells[m]!;
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < K; k++) {
        let lp = logNu[k]!;
        for (let j = 0; j < J; j++) lp += (x >> j) & 1 ? logLam1[j * K + k]! : logLam0[j * K + k]!;
        weights[k] = lp;
        if (lp > max) max = lp;
      }
      for (let k = 0; k < K; k++) weights[k] = Math.exp(weights[k]! - max);
      multinomialInto(rng, freq[m]!, weights, classDraw);
      for (let k = 0; k < K; k++) countZ[m * K + k] = classDraw[k]!;
    }
  };
  const ones = new Float64Array(J * K);
  const zeros = new Float64Array(J * K);
  const sampleLambda = () => {
    ones.fill(0);
    zeros.fill(0);
    for (let m = 0; m < M; m++) {
      const x = cells[m]!;
      for (let k = 0; k < K; k++) {
        const c = countZ[m * K + k]!;
        if (c === 0) continue;
        for (let j = 0; j < J; j++) {
          if ((x >> j) & 1) ones[j * K + k] = ones[j * K + k]! + c;
          else zeros[j * K + k] = zeros[j * K + k]! + c;
        }
      }
    }
    for (let j = 0; j < J; j++) {
      for (let k = 0; k < K; k++) {
        const idx = j * K + k;
        const a = logGammaDraw(rng, 1 + ones[idx]!);
        const b = logGammaDraw(rng, 1 + zeros[idx]! + count0[k]!);
        const s = logSum(a, b);
        logLam1[idx] = a - s;
        logLam0[idx] = b - s;
      }
    }
  };
  const classCounts = new Float64Array(K);
  const sampleNu = () => {
    for (let k = 0; k < K; k++) {
      let c = count0[k]!;
      for (let m = 0; m < M; m++) c += countZ[m * K + k]!;
      classCounts[k] = c;
    }
    let accumulated = 0;
    let logRest = 0;
    for (let k = 0; k < K - 1; k++) {
      accumulated += classCounts[k]!;
      const g1 = logGammaDraw(rng, 1 + classCounts[k]!);
      const g2 = logGammaDraw(rng, alpha + (n0 + n - accumulated));
      const s = logSum(g1, g2);
      logNu[k] = g1 - s + logRest;
      logRest += g2 - s;
    }
    logNu[K - 1] = logRest;
  };
  const missClass = new Float64Array(K);
  const sampleMissing = () => {
    // P(not captured) and the class distribution of the missed.
    let probZero = 0;
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < K; k++) {
      let lp = logNu[k]!;
      for (let j = 0; j < J; j++) lp += logLam0[j * K + k]!;
      missClass[k] = lp;
      probZero += Math.exp(lp);
      if (lp > max) max = lp;
    }
    // n0 ~ NegBin(n, 1 − π0): failures before n successes, as a gamma–Poisson mixture.
    const p = 1 - probZero;
    for (;;) {
      const draw = p >= 1 ? 0 : poisson(rng, gamma(rng, n) * ((1 - p) / p));
      if (draw <= 20 * n) {
        n0 = draw;
        break;
      }
    }
    if (n0 === 0) {
      count0.fill(0);
      return;
    }
    for (let k = 0; k < K; k++) missClass[k] = Math.exp(missClass[k]! - max);
    multinomialInto(rng, n0, missClass, count0);
  };
  const sampleAlpha = () => {
    alpha = gamma(rng, aAlpha + K - 1) / (bAlpha - logNu[K - 1]!);
  };

  // Initialisation as LCMCR: random sticks, λ at the marginal capture rates, α = 0.3/K,
  // 500 warm-up sweeps without α, then classes ordered by decreasing weight.
  let logRest = 0;
  for (let k = 0; k < K - 1; k++) {
    const g1 = logGammaDraw(rng, 1);
    const g2 = logGammaDraw(rng, 1);
    const s = logSum(g1, g2);
    logNu[k] = g1 - s + logRest;
    logRest += g2 - s;
  }
  logNu[K - 1] = logRest;
  for (let j = 0; j < J; j++) {
    let onList = 0;
    for (let m = 0; m < M; m++) if ((cells[m]! >> j) & 1) onList += freq[m]!;
    const pj = onList / n;
    for (let k = 0; k < K; k++) {
      logLam1[j * K + k] = Math.log(pj);
      logLam0[j * K + k] = Math.log1p(-pj);
    }
  }
  alpha = 0.3 / K;
  for (let i = 0; i < 500; i++) {
    sampleClasses();
    sampleLambda();
    sampleNu();
    sampleMissing();
  }
  const order = Array.from({ length: K }, (_, k) => k).sort((a, b) => logNu[b]! - logNu[a]!);
  const permute = (arr: Float64Array, stride: number) => {
    const copy = Float64Array.from(arr);
    for (let row = 0; row < arr.length / stride; row++) {
      for (let k = 0; k < K; k++) arr[row * stride + k] = copy[row * stride + order[k]!]!;
    }
  };
  permute(logNu, K);
  permute(logLam1, K);
  permute(logLam0, K);
  permute(countZ, K);
  permute(count0, K);

  const sweep = () => {
    sampleClasses();
    sampleLambda();
    sampleNu();
    sampleMissing();
    sampleAlpha();
  };
  for (let i = 0; i < burnin; i++) sweep();
  const draws: number[] = [];
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < thinning; i++) sweep();
    draws.push(n + n0);
  }
  return draws;
}

/** R's default `quantile` (type 7) of a sample. */
export function quantileType7(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
