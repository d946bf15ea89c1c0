/**
 * Seedable pseudo-random numbers for the bootstrap.
 *
 * The generator is xoshiro128** (Blackman & Vigna), seeded through splitmix32, so a
 * given seed reproduces the same bootstrap on every platform. R's Mersenne-Twister
 * streams are deliberately not imitated: bootstrap results agree with the R packages
 * in distribution, not draw by draw.
 *
 * Binomial draws are exact: inversion for small means and Devroye's order-statistic
 * recursion (a Beta split that halves n) for large ones. Multinomial draws use
 * sequential conditional binomials, the same decomposition as R's `rmultinom`.
 */

export type Rng = {
  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number;
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
};

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Creates an xoshiro128** generator from an integer seed (any finite number is accepted). */
export function createRng(seed: number): Rng {
  // Fold the seed (possibly larger than 32 bits) into two 32-bit words.
  const hi = Math.floor(Math.abs(seed) / 2 ** 32) >>> 0;
  const lo = Math.abs(seed) >>> 0;
  const mix = splitmix32(lo ^ Math.imul(hi, 0x27d4eb2d) ^ (seed < 0 ? 0x5bd1e995 : 0));
  let s0 = mix();
  let s1 = mix();
  let s2 = mix();
  let s3 = mix();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    s0 >>>= 0;
    s1 >>>= 0;
    s2 >>>= 0;
    return result;
  };
  const uniform = (): number => {
    const a = nextUint32() >>> 5; // 27 bits
    const b = nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  };
  return { uniform, nextUint32 };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Standard normal by the polar method. */
export function normal(rng: Rng): number {
  for (;;) {
    const u = 2 * rng.uniform() - 1;
    const v = 2 * rng.uniform() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000), with the usual boost for shape < 1. */
export function gamma(rng: Rng, shape: number): number {
  if (shape < 1) {
    const u = rng.uniform();
    return gamma(rng, shape + 1) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) from two gamma variates. */
export function beta(rng: Rng, a: number, b: number): number {
  const x = gamma(rng, a);
  const y = gamma(rng, b);
  return x / (x + y);
}

/** Binomial(n, p) by inversion; only used when n * p is small. */
function binomialInversion(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const ratio = p / q;
  const f0 = q ** n;
  for (;;) {
    let u = rng.uniform();
    let f = f0;
    let x = 0;
    while (u > f) {
      u -= f;
      x += 1;
      if (x > n) break;
      f *= (ratio * (n - x + 1)) / x;
    }
    if (x <= n) return x;
    // Rounding pushed u past the total mass: draw again.
  }
}

/**
 * Exact Binomial(n, p) draw. For large n the k-th order statistic of n uniforms,
 * U(k) ~ Beta(k, n-k+1), tells how many uniforms fall below p on one side, and the
 * remaining count is again binomial on a rescaled interval (Devroye 1986, §X.4).
 */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  let flip = false;
  let pp = p;
  if (pp > 0.5) {
    pp = 1 - pp;
    flip = true;
  }
  let trials = n;
  let prob = pp;
  let offset = 0;
  while (trials * prob >= 30) {
    const k = Math.floor(trials / 2) + 1;
    const u = beta(rng, k, trials - k + 1);
    if (u >= prob) {
      trials = k - 1;
      prob /= u;
    } else {
      offset += k;
      trials -= k;
      prob = (prob - u) / (1 - u);
    }
    if (trials <= 0 || prob <= 0) {
      trials = 0;
      break;
    }
    if (prob >= 1) {
      offset += trials;
      trials = 0;
      break;
    }
  }
  const x = offset + (trials > 0 ? binomialInversion(rng, trials, prob) : 0);
  return flip ? n - x : x;
}

/**
 * Multinomial(size, weights / sum(weights)) by sequential conditional binomials.
 * Zero weights always give zero counts and consume no random numbers.
 */
export function multinomial(rng: Rng, size: number, weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  multinomialInto(rng, size, weights, out);
  return out;
}

/** As {@link multinomial}, writing the counts into `out` (same length as `weights`). */
export function multinomialInto(rng: Rng, size: number, weights: ArrayLike<number>, out: Float64Array): void {
  const k = weights.length;
  let mass = 0;
  for (let i = 0; i < k; i++) mass += weights[i]!;
  let remaining = size;
  for (let i = 0; i < k; i++) {
    const w = weights[i]!;
    if (remaining <= 0 || w <= 0) {
      out[i] = 0;
      mass -= w;
      continue;
    }
    const draw = w >= mass ? remaining : binomial(rng, remaining, w / mass);
    out[i] = draw;
    remaining -= draw;
    mass -= w;
  }
}
