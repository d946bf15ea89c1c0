/**
 * Rcapture's standard closed-population models (`closedp.t`), for comparison with the
 * interaction models: M0 (one capture probability), Mt (one per list: the independence
 * model) and the heterogeneity models Mh Chao (lower bound), Mh Poisson2 and Mh Darroch,
 * whose extra columns are functions of the number of captures k: 2^k − 1 (Poisson2),
 * k²/2 (Darroch) and max(k − j + 1, 0) for j = 3 … t (Chao; negative η are removed one
 * at a time and the model refitted, as Rcapture does with neg = TRUE).
 *
 * Unlike Rcapture, a model whose MLE does not exist is not reported with the number at
 * which R's iterations happened to stop: the row carries `exists: false` and no
 * abundance (deviance, AIC and BIC are still the limits the likelihood approaches).
 */

import { type CaptureTable, popcount } from "./capture-table";
import { logFactorial } from "./distributions";
import { choleskyInverse, choleskyPivoted, choleskySolve } from "./linalg";
import { solveLp } from "./simplex";

export type StandardModelName = "M0" | "Mt" | "Mh Chao (LB)" | "Mh Poisson2" | "Mh Darroch";

export type StandardModelRow = {
  model: StandardModelName;
  /** Whether the MLE exists (Fienberg–Rinaldo test on the model's design). */
  exists: boolean;
  /** n + exp(b0) (null when the MLE does not exist). */
  abundance: number | null;
  stderr: number | null;
  deviance: number;
  df: number;
  aic: number;
  bic: number;
  /** Chao: heterogeneity columns removed because their η was negative. */
  removed?: string[];
};

type DenseFit = {
  beta: Float64Array;
  cov: Float64Array;
  mu: Float64Array;
  deviance: number;
  loglik: number;
  converged: boolean;
};

/**
 * Poisson IRLS on a dense design (rows = cells) with R glm's start (μ = y + 0.1), its
 * stopping rule (|Δdeviance| / (|deviance| + 0.1) < 1e-8, at most 25 iterations) and its
 * covariance (from the weights of the last iteration), so that standard errors agree
 * with Rcapture to the digits it prints.
 */
export function fitPoissonDense(
  x: Float64Array,
  y: Float64Array,
  m: number,
  p: number,
  maxIter = 25,
): DenseFit {
  const mu = new Float64Array(m);
  const eta = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    mu[i] = y[i]! + 0.1;
    eta[i] = Math.log(mu[i]!);
  }
  const deviance = () => {
    let d = 0;
    for (let i = 0; i < m; i++) d += y[i]! > 0 ? y[i]! * Math.log(y[i]! / mu[i]!) - (y[i]! - mu[i]!) : mu[i]!;
    return 2 * d;
  };
  let dev = deviance();
  let beta: Float64Array = new Float64Array(p);
  let cov: Float64Array = new Float64Array(p * p).fill(Number.NaN);
  let converged = false;
  const h = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  for (let iter = 0; iter < maxIter; iter++) {
    h.fill(0);
    rhs.fill(0);
    for (let i = 0; i < m; i++) {
      const w = mu[i]!;
      const z = eta[i]! + (y[i]! - mu[i]!) / mu[i]!;
      for (let a = 0; a < p; a++) {
        const xa = x[i * p + a]!;
        if (xa === 0) continue;
        rhs[a] = rhs[a]! + w * xa * z;
        for (let b = a; b < p; b++) h[a * p + b] = h[a * p + b]! + w * xa * x[i * p + b]!;
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) h[a * p + b] = h[b * p + a]!;
    const f = choleskyPivoted(h, p);
    if (f.rank < p) break;
    beta = choleskySolve(f, rhs);
    cov = choleskyInverse(f);
    for (let i = 0; i < m; i++) {
      let e = 0;
      for (let a = 0; a < p; a++) e += x[i * p + a]! * beta[a]!;
      eta[i] = e;
      mu[i] = Math.max(Math.exp(e), Number.EPSILON);
    }
    const newDev = deviance();
    const done = Math.abs(newDev - dev) / (Math.abs(newDev) + 0.1) < 1e-8;
    dev = newDev;
    if (done) {
      converged = true;
      break;
    }
  }
  let loglik = 0;
  for (let i = 0; i < m; i++)
    loglik += (y[i]! > 0 ? y[i]! * Math.log(mu[i]!) : 0) - mu[i]! - logFactorial(y[i]!);
  return { beta, cov, mu, deviance: dev, loglik, converged };
}

/** Whether the Poisson MLE exists for a dense design (positive table with the same margins). */
export function denseMleExists(x: Float64Array, y: Float64Array, m: number, p: number): boolean {
  let allPositive = true;
  for (let i = 0; i < m; i++) if (!(y[i]! > 0)) allPositive = false;
  if (allPositive) return true;
  // max s subject to X'(z + s·1) = X'y, z ≥ 0, s ≥ 0.
  const n = m + 1;
  const a = new Float64Array(p * n);
  const b = new Float64Array(p);
  const c = new Float64Array(n);
  c[m] = 1;
  let total = 0;
  for (let r = 0; r < p; r++) {
    let rowSum = 0;
    let t = 0;
    for (let i = 0; i < m; i++) {
      const v = x[i * p + r]!;
      a[r * n + i] = v;
      rowSum += v;
      t += v * y[i]!;
    }
    a[r * n + m] = rowSum;
    b[r] = t;
    total += Math.abs(t);
  }
  // Equality rows must have non-negative right-hand sides for the solver.
  for (let r = 0; r < p; r++) {
    if (b[r]! < 0) {
      b[r] = -b[r]!;
      for (let j = 0; j < n; j++) a[r * n + j] = -a[r * n + j]!;
    }
  }
  const result = solveLp({ m: p, n, a, b, c });
  return result.status === "optimal" && result.objective > 1e-9 * Math.max(1, total);
}

function capturesDesign(t: number, columns: ((k: number, w: number) => number)[]): Float64Array {
  const m = (1 << t) - 1;
  const p = columns.length;
  const x = new Float64Array(m * p);
  for (let w = 1; w <= m; w++) {
    const k = popcount(w);
    columns.forEach((col, j) => {
      x[(w - 1) * p + j] = col(k, w);
    });
  }
  return x;
}

function rowFor(
  model: StandardModelName,
  table: CaptureTable,
  x: Float64Array,
  p: number,
  removed?: string[],
): StandardModelRow {
  const t = table.lists.length;
  const m = (1 << t) - 1;
  const y = table.counts.subarray(1);
  const fit = fitPoissonDense(x, y, m, p);
  const exists = denseMleExists(x, y, m, p) && fit.converged;
  const aic = -2 * fit.loglik + 2 * p;
  const bic = aic + (Math.log(table.n) - 2) * p;
  const b0 = fit.beta[0]!;
  const dark = Math.exp(b0);
  return {
    model,
    exists,
    abundance: exists ? table.n + dark : null,
    stderr: exists ? Math.sqrt(dark + dark * dark * fit.cov[0]!) : null,
    deviance: fit.deviance,
    df: m - p,
    aic,
    bic,
    ...(removed ? { removed } : {}),
  };
}

/** The models of Rcapture's `closedp.t` table that are interaction-free or heterogeneity models. */
export function standardModels(table: CaptureTable): StandardModelRow[] {
  const t = table.lists.length;
  const m = (1 << t) - 1;
  const one = () => 1;
  const rows: StandardModelRow[] = [];
  rows.push(rowFor("M0", table, capturesDesign(t, [one, (k) => k]), 2));
  const mt = [one, ...Array.from({ length: t }, (_, i) => (_k: number, w: number) => (w >> i) & 1)];
  rows.push(rowFor("Mt", table, capturesDesign(t, mt), t + 1));

  // Chao lower bound: η_j columns for j = 3 … t, negative ones removed one at a time.
  let etaCols = Array.from({ length: Math.max(0, t - 2) }, (_, i) => i + 3);
  const removed: string[] = [];
  for (;;) {
    const cols = [one, (k: number) => k, ...etaCols.map((j) => (k: number) => Math.max(k - j + 1, 0))];
    const x = capturesDesign(t, cols);
    const fit = fitPoissonDense(x, table.counts.subarray(1), m, cols.length);
    const negative = etaCols.findIndex((_, i) => fit.beta[2 + i]! < 0);
    if (negative < 0) {
      rows.push(rowFor("Mh Chao (LB)", table, x, cols.length, removed.length > 0 ? [...removed] : undefined));
      break;
    }
    removed.push(`eta${etaCols[negative]}`);
    etaCols = etaCols.filter((_, i) => i !== negative);
  }
  rows.push(rowFor("Mh Poisson2", table, capturesDesign(t, [one, (k) => k, (k) => 2 ** k - 1]), 3));
  rows.push(rowFor("Mh Darroch", table, capturesDesign(t, [one, (k) => k, (k) => (k * k) / 2]), 3));
  return rows;
}
