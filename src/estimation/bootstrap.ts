/**
 * Bias-corrected and accelerated (BCa) bootstrap intervals that repeat the model
 * selection in every replicate, following SparseMSE `estimatepopulation` /
 * MultipleSystemsEstimation `bootstrapcal`, `jackknifecal`, `bcaconfvalues`:
 *
 * - replicate tables are multinomial resamples of the observed table with n fixed;
 * - the acceleration â comes from the delete-one-person jackknife, each observed cell
 *   weighted by its count: â = Σ n_j r_j³ / (6 (Σ n_j r_j²)^{3/2}) with
 *   r_j = (Σ n_k θ̂_(k))/n − θ̂_(j);
 * - z0 = Φ^{-1}(share of replicates below the estimate); the limit for level α is the
 *   type-8 quantile of the replicates at Φ(z0 + (z0 + z_α)/(1 − â(z0 + z_α))).
 *
 * Replicates in which the procedure cannot produce an estimate (its MLE does not exist)
 * are dropped, as MultipleSystemsEstimation does; SparseMSE instead keeps the
 * numerically diverging value (≈1e13). The count is reported.
 */

import { normalCdf, normalQuantile } from "./distributions";
import { createRng, multinomial, type Rng } from "./rng";

/** R's `quantile(x, p, type = 8)` on sorted data (median-unbiased, Hyndman & Fan). */
export function quantileType8(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0 || Number.isNaN(p)) return Number.NaN;
  const fuzz = 4 * Number.EPSILON;
  const h = (n + 1 / 3) * p + 1 / 3;
  const j = Math.floor(h + fuzz);
  const g = h - j;
  if (j < 1) return sorted[0]!;
  if (j >= n) return sorted[n - 1]!;
  const lo = sorted[j - 1]!;
  const hi = sorted[j]!;
  if (Math.abs(g) < fuzz) return lo;
  return lo + g * (hi - lo);
}

export type BcaResult = {
  limits: number[];
  /** Bias correction z0. */
  z0: number;
  /** Adjusted probability levels at which the replicate quantiles were taken. */
  adjusted: number[];
  /** True when every replicate lay on one side of the estimate and z0 had to be clamped. */
  clamped: boolean;
};

/** BCa limits at the given probability levels. `boot` must contain only finite values. */
export function bcaLimits({
  boot,
  estimate,
  acceleration,
  probs,
}: {
  boot: readonly number[];
  estimate: number;
  acceleration: number;
  probs: readonly number[];
}): BcaResult {
  const sorted = [...boot].sort((a, b) => a - b);
  const b = sorted.length;
  let below = 0;
  for (const v of sorted) if (v < estimate) below++;
  let share = below / b;
  let clamped = false;
  // z0 = ±∞ would make every limit NaN or the extreme replicate; keep it finite.
  if (share === 0 || share === 1) {
    share = share === 0 ? 0.5 / b : 1 - 0.5 / b;
    clamped = true;
  }
  const z0 = normalQuantile(share);
  const adjusted = probs.map((alpha) => {
    const za = normalQuantile(alpha);
    const s = za + z0;
    return normalCdf(z0 + s / (1 - acceleration * s));
  });
  return { limits: adjusted.map((q) => quantileType8(sorted, q)), z0, adjusted, clamped };
}

/**
 * Jackknife acceleration with count weights. `estimates[k]` is the estimate after
 * deleting one person from the cell with count `weights[k]` (only cells with a positive
 * count take part). Returns NaN when all estimates coincide.
 */
export function jackknifeAcceleration(weights: readonly number[], estimates: readonly number[]): number {
  let total = 0;
  let mean = 0;
  for (let k = 0; k < weights.length; k++) {
    total += weights[k]!;
    mean += weights[k]! * estimates[k]!;
  }
  mean /= total;
  let s2 = 0;
  let s3 = 0;
  for (let k = 0; k < weights.length; k++) {
    const r = mean - estimates[k]!;
    s2 += weights[k]! * r * r;
    s3 += weights[k]! * r * r * r;
  }
  if (!(s2 > 0)) return Number.NaN;
  return s3 / (6 * s2 ** 1.5);
}

export type ProgressCallback = (done: number, total: number) => void;

export type ResampleOptions = {
  nboot: number;
  seed: number;
  onProgress?: ProgressCallback;
};

/**
 * Draws `nboot` multinomial resamples of `counts` (n fixed) and applies `estimator`
 * to each. Returns the raw values, NaN where the estimator failed.
 */
export function resampleEstimates(
  counts: Float64Array,
  estimator: (replicate: Float64Array) => number,
  options: ResampleOptions & { progressOffset?: number; progressTotal?: number },
): number[] {
  const rng: Rng = createRng(options.seed);
  let n = 0;
  for (let w = 1; w < counts.length; w++) n += counts[w]!;
  const weights = Float64Array.from(counts);
  weights[0] = 0;
  const out: number[] = [];
  const total = options.progressTotal ?? options.nboot;
  const offset = options.progressOffset ?? 0;
  for (let b = 0; b < options.nboot; b++) {
    const replicate = multinomial(rng, n, weights);
    let value: number;
    try {
      value = estimator(replicate);
    } catch {
      value = Number.NaN;
    }
    out.push(Number.isFinite(value) ? value : Number.NaN);
    options.onProgress?.(offset + b + 1, total);
  }
  return out;
}

/** Delete-one jackknife over the observed cells: returns weights (counts) and estimates. */
export function jackknifeEstimates(
  counts: Float64Array,
  estimator: (replicate: Float64Array) => number,
  onEach?: () => void,
): { weights: number[]; estimates: number[] } {
  const weights: number[] = [];
  const estimates: number[] = [];
  const work = Float64Array.from(counts);
  work[0] = 0;
  for (let w = 1; w < counts.length; w++) {
    const c = counts[w]!;
    if (!(c > 0)) continue;
    work[w] = c - 1;
    let value: number;
    try {
      value = estimator(work);
    } catch {
      value = Number.NaN;
    }
    work[w] = c;
    weights.push(c);
    estimates.push(value);
    onEach?.();
  }
  return { weights, estimates };
}
