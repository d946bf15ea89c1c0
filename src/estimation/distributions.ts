/**
 * Special functions and distribution functions needed by the estimators:
 * log-gamma, the regularised incomplete gamma functions (for Poisson tail
 * probabilities), the normal distribution and its quantile function.
 *
 * Everything is written from the mathematical definitions so that the library has
 * no dependencies. Accuracy is close to double precision over the ranges we use;
 * tail probabilities are accurate in *relative* terms, which matters because the
 * stepwise search compares one-sided Poisson p-values that can be as small as 1e-40.
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT1_2 = Math.SQRT1_2;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** Stirling-series coefficients B_{2k} / (2k (2k-1)) for k = 1..7. */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156];

/** log Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) {
    if (x === 0) return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  // Shift the argument up to where the asymptotic series is accurate to ~1e-16.
  let shift = 0;
  let z = x;
  let prod = 1;
  while (z < 15) {
    prod *= z;
    z += 1;
    // Avoid overflow of the product for tiny x by folding it into the log early.
    if (prod > 1e280) {
      shift += Math.log(prod);
      prod = 1;
    }
  }
  shift += Math.log(prod);
  const inv = 1 / z;
  const inv2 = inv * inv;
  let series = 0;
  let pow = inv;
  for (const c of STIRLING) {
    series += c * pow;
    pow *= inv2;
  }
  return (z - 0.5) * Math.log(z) - z + LOG_SQRT_2PI + series - shift;
}

/** log(k!) for non-negative (possibly non-integer) k. */
export function logFactorial(k: number): number {
  if (k === 0 || k === 1) return 0;
  return logGamma(k + 1);
}

/** log of the prefactor x^a e^{-x} / Γ(a) used by both incomplete-gamma expansions. */
function logGammaPrefactor(a: number, x: number): number {
  return a * Math.log(x) - x - logGamma(a);
}

/** Series for the lower regularised gamma P(a, x); converges quickly for x < a + 1. */
function lowerGammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 100000; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
  }
  return Math.exp(logGammaPrefactor(a, x) + Math.log(sum));
}

/**
 * Continued fraction for the upper regularised gamma Q(a, x) (modified Lentz),
 * valid for x >= a + 1.
 */
function upperGammaFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(logGammaPrefactor(a, x) + Math.log(h));
}

/** Lower regularised incomplete gamma function P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (!Number.isFinite(x)) return 1;
  if (x < a + 1) return lowerGammaSeries(a, x);
  return 1 - upperGammaFraction(a, x);
}

/** Upper regularised incomplete gamma function Q(a, x) = 1 - P(a, x). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (!Number.isFinite(x)) return 0;
  if (x < a + 1) return 1 - lowerGammaSeries(a, x);
  return upperGammaFraction(a, x);
}

/** P(X <= k) for X ~ Poisson(lambda), as R's `ppois(k, lambda)`. */
export function poissonCdf(k: number, lambda: number): number {
  if (k < 0) return 0;
  const kk = Math.floor(k);
  if (lambda <= 0) return 1;
  return gammaQ(kk + 1, lambda);
}

/** P(X > k) for X ~ Poisson(lambda), as R's `ppois(k, lambda, lower.tail = FALSE)`. */
export function poissonUpper(k: number, lambda: number): number {
  if (k < 0) return 1;
  const kk = Math.floor(k);
  if (lambda <= 0) return 0;
  return gammaP(kk + 1, lambda);
}

/**
 * erfc(x) for x >= 0. For small x a positive-term series of erf avoids cancellation;
 * for larger x a continued fraction gives full relative accuracy in the far tail.
 */
function erfcNonNegative(x: number): number {
  if (x < 1.5) {
    // erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1*3*...*(2n+1))
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 500; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }
  // erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))) via Lentz.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let i = 1; i < 5000; i++) {
    const a = i / 2;
    d = x + a * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = x + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/** Standard normal distribution function Φ(z), accurate in both tails. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z === Number.POSITIVE_INFINITY) return 1;
  if (z === Number.NEGATIVE_INFINITY) return 0;
  const x = z * SQRT1_2;
  if (x < 0) return 0.5 * erfcNonNegative(-x);
  return 1 - 0.5 * erfcNonNegative(x);
}

/** Standard normal density. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

/**
 * Standard normal quantile Φ^{-1}(p). A rough start (logistic-type approximation in the
 * centre, an asymptotic formula in the tails) is polished by Halley iterations on the
 * accurate Φ above, which gives close to full double precision.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  const lower = p < 0.5;
  const q = lower ? p : 1 - p; // q in (0, 0.5)
  // Start: tail asymptotic for small q, otherwise a centre approximation.
  let x: number;
  if (q < 0.02) {
    const t = Math.sqrt(-2 * Math.log(q));
    x = -(
      t -
      (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t ** 3)
    );
  } else {
    const u = q - 0.5;
    x = u * Math.sqrt(2 * Math.PI) * (1 + (u * u * Math.PI) / 3);
  }
  for (let i = 0; i < 50; i++) {
    const cdf = normalCdf(x);
    const pdf = normalPdf(x);
    if (pdf === 0) break;
    const e = (cdf - q) / pdf;
    const step = e / (1 + (x * e) / 2);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return lower ? x : -x;
}

/** Quantile of the chi-squared distribution with one degree of freedom. */
export function chiSquare1Quantile(p: number): number {
  const z = normalQuantile(0.5 + p / 2);
  return z * z;
}

/** Two-sided normal (Wald) p-value for a z statistic, as R's summary.glm for Poisson fits. */
export function waldPValue(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? Number.NaN : 0;
  return 2 * normalCdf(-Math.abs(z));
}
