/**
 * Multinomial profile-likelihood intervals for the population size, as Rcapture's
 * `closedpCI.t` computes them (Baillargeon & Rivest 2007; Cormack 1992).
 *
 * For a trial population size N, the unobserved cell is appended with count
 * n0 = N − n (its design row has only the intercept), the Poisson model is refitted,
 * and the multinomial log-likelihood is −(deviance − 2·c(N))/2 with Cormack's
 * correction c(N) = log(n0^n0 N! / (N^N n0!)) (Stirling form when N > 100, as in
 * Rcapture). The point estimate is the maximiser N_max (Rcapture's "abundance" in
 * `$CI`, slightly below the Poisson estimate); the limits solve
 * loglik(N) = max − qchisq(level, 1)/2 on (n, N_max) and (N_max, fmax·N̂).
 *
 * Where Rcapture reports a missing root: no lower root gives the lower limit n, no
 * upper root below fmax·N̂ (default 3) gives no upper limit (Rcapture prints ">x").
 * R finds these with `optimize`/`uniroot` at tol = 1e-4; we solve to ~1e-9 relative.
 */

import { chiSquare1Quantile, logGamma } from "./distributions";
import { type CellData, fitLoglinear, type LoglinearFit } from "./loglinear";

export type ProfileInterval = {
  level: number;
  /** Multinomial MLE of N (maximiser of the profile likelihood). */
  estimate: number;
  lower: number;
  /** null when the upper limit lies beyond fmax·N̂ (Rcapture reports ">…"). */
  upper: number | null;
  /** True when no lower root exists and the lower limit was set to n. */
  lowerAtObserved: boolean;
  /** fmax·N̂, the end of the upper search range. */
  upperSearchLimit: number;
  maxLogLik: number;
};

/** Cormack's correction term, exactly as Rcapture's `loglikemult` computes it. */
export function cormackCorrection(n0: number, total: number): number {
  if (total > 100) {
    if (n0 === 0 || n0 === 1) return -total + 0.5 * Math.log(2 * Math.PI * total);
    return n0 - total - 0.5 * Math.log(n0 / total);
  }
  const n0LogN0 = n0 > 0 ? n0 * Math.log(n0) : 0;
  return n0LogN0 + logGamma(total + 1) - total * Math.log(total) - logGamma(n0 + 1);
}

/**
 * Profile log-likelihood of N for a fixed model. The returned function warm-starts each
 * fit from the previous one (the MLE is unique, so this only saves iterations).
 */
export function profileLogLik(data: CellData, terms: readonly number[], n: number): (N: number) => number {
  const size = 1 << data.t;
  const counts = new Float64Array(size);
  for (let w = 1; w < size; w++) counts[w] = data.counts[w]!;
  let previous: LoglinearFit | null = null;
  return (N: number) => {
    const n0 = N - n;
    counts[0] = n0;
    const augmented: CellData = { t: data.t, counts, includeDark: true };
    let start: Map<number, number> | undefined;
    if (previous?.converged) {
      start = new Map();
      for (let k = 0; k < previous.finite.length; k++) start.set(previous.finite[k]!, previous.beta[k]!);
    }
    let fit = fitLoglinear(augmented, terms, { start, covariance: "intercept" });
    if (!fit.converged && start) fit = fitLoglinear(augmented, terms, { covariance: "intercept" });
    previous = fit;
    return -(fit.deviance - 2 * cormackCorrection(n0, N)) / 2;
  };
}

/** Brent's method for a maximum of a unimodal function on [a, b]. */
export function brentMaximise(
  f: (x: number) => number,
  a0: number,
  b0: number,
  relTol = 1e-10,
): { x: number; fx: number } {
  const golden = 0.381966011250105;
  let a = a0;
  let b = b0;
  let x = a + golden * (b - a);
  let w = x;
  let v = x;
  let fx = -f(x);
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  for (let iter = 0; iter < 500; iter++) {
    const xm = 0.5 * (a + b);
    const tol1 = relTol * Math.abs(x) + 1e-12;
    const tol2 = 2 * tol1;
    if (Math.abs(x - xm) <= tol2 - 0.5 * (b - a)) break;
    let useGolden = true;
    if (Math.abs(e) > tol1) {
      // Parabolic interpolation through x, w, v.
      let r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      q = Math.abs(q);
      const eTemp = e;
      e = d;
      if (!(Math.abs(p) >= Math.abs(0.5 * q * eTemp) || p <= q * (a - x) || p >= q * (b - x))) {
        d = p / q;
        const u = x + d;
        if (u - a < tol2 || b - u < tol2) d = xm >= x ? tol1 : -tol1;
        useGolden = false;
      }
      r = 0;
    }
    if (useGolden) {
      e = x >= xm ? a - x : b - x;
      d = golden * e;
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d >= 0 ? tol1 : -tol1);
    const fu = -f(u);
    if (fu <= fx) {
      if (u >= x) a = x;
      else b = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, fx: -fx };
}

/** Brent–Dekker root finding on [a, b] with f(a), f(b) of opposite signs. */
export function brentRoot(
  f: (x: number) => number,
  a0: number,
  b0: number,
  fa0?: number,
  fb0?: number,
  relTol = 1e-11,
): number {
  let a = a0;
  let b = b0;
  let fa = fa0 ?? f(a);
  let fb = fb0 ?? f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < 300; iter++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * relTol * Math.abs(b);
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const s = fb / fa;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return b;
}

/**
 * Rcapture's profile-likelihood interval for a model whose (extended) MLE exists and is
 * identifiable on `data`. `poissonEstimate` is n + exp(α̂_∅) from the Poisson fit.
 */
export function profileInterval({
  data,
  terms,
  n,
  poissonEstimate,
  level = 0.95,
  fmaxSupCL = 3,
}: {
  data: CellData;
  terms: readonly number[];
  n: number;
  poissonEstimate: number;
  level?: number;
  fmaxSupCL?: number;
}): ProfileInterval {
  const loglik = profileLogLik(data, terms, n);
  const { x: nmax, fx: lmax } = brentMaximise(loglik, n, 1.5 * poissonEstimate);
  const cutoff = lmax - chiSquare1Quantile(level) / 2;
  const g = (N: number) => loglik(N) - cutoff;

  let lower = n;
  let lowerAtObserved = true;
  const gLow = g(n);
  const gMax = lmax - cutoff;
  if (gLow < 0 && gMax > 0) {
    lower = brentRoot(g, n, nmax, gLow, gMax);
    lowerAtObserved = false;
  }
  const upperSearchLimit = fmaxSupCL * poissonEstimate;
  let upper: number | null = null;
  const gHigh = g(upperSearchLimit);
  if (gHigh < 0 && gMax > 0) upper = brentRoot(g, nmax, upperSearchLimit, gMax, gHigh);
  return { level, estimate: nmax, lower, upper, lowerAtObserved, upperSearchLimit, maxLogLik: lmax };
}
